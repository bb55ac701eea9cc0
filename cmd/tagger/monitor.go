package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline"
	"github.com/newsroom/tagger/pipeline/kafka"
	"github.com/newsroom/tagger/pipeline/metrics"
)

// monitor is what the service shows operators: Prometheus metrics on a
// registry of its own, and the readiness that /readyz reports.
type monitor struct {
	reg     *prometheus.Registry
	metrics *metrics.Pipeline
	log     *slog.Logger

	mu        sync.Mutex
	brokerErr error // of the last broker check; errNotChecked before the first
	gazetteer bool  // a gazetteer is loaded
	draining  bool  // shutting down
}

var errNotChecked = errors.New("not checked yet")

// observer is the service's pipeline.Observer: the metrics, and a log line
// per dead letter, with the trace it belongs to, for operators to grep.
type observer struct {
	*metrics.Pipeline
	log *slog.Logger
}

// Published counts the batch and logs its dead letters.
func (o observer) Published(outs []pipeline.Output, took time.Duration, inFlight int) {
	o.Pipeline.Published(outs, took, inFlight)
	for _, out := range outs {
		if out.DeadLetter == nil {
			continue
		}
		d := models.DeadLetterOf(nil, out.Headers)
		attrs := []any{"reason", d.Reason, "stage", d.Stage, "topic", d.Source.Topic,
			"partition", d.Source.Partition, "offset", d.Source.Offset, "err", out.DeadLetter.Err}
		for _, h := range out.Headers {
			if h.Key == models.HeaderTraceparent {
				attrs = append(attrs, "traceparent", string(h.Value))
			}
		}
		o.log.Warn("dead-lettered", attrs...)
	}
}

// observer returns the pipeline.Observer that reports to m.
func (m *monitor) observer() pipeline.Observer { return observer{m.metrics, m.log} }

// newMonitor makes the metrics, with Go runtime and process metrics, on a
// new registry.
func newMonitor(log *slog.Logger) *monitor {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return &monitor{reg: reg, metrics: metrics.New(reg), log: log, brokerErr: errNotChecked}
}

// ready reports whether the service is ready, and if not, why.
func (m *monitor) ready() (bool, string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case m.draining:
		return false, "shutting down"
	case !m.gazetteer:
		return false, "gazetteer not loaded"
	case m.brokerErr != nil:
		return false, "broker unreachable: " + m.brokerErr.Error()
	}
	return true, "ready"
}

// gazetteerLoaded records the gazetteer now in use.
func (m *monitor) gazetteerLoaded(version string, entities int) {
	m.metrics.GazetteerLoaded(version, entities)
	m.mu.Lock()
	m.gazetteer = true
	m.mu.Unlock()
}

// setDraining marks the service as shutting down: no longer ready.
func (m *monitor) setDraining() {
	m.mu.Lock()
	m.draining = true
	m.mu.Unlock()
}

// watchBroker checks every interval, until ctx is done, that a broker
// answers a metadata request, and logs when that changes.
func (m *monitor) watchBroker(ctx context.Context, conn kafka.Conn, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		cctx, cancel := context.WithTimeout(ctx, min(interval, 5*time.Second))
		err := kafka.Ping(cctx, conn)
		cancel()
		if ctx.Err() != nil {
			return
		}
		m.metrics.BrokerUp(err == nil)
		m.mu.Lock()
		was := m.brokerErr
		m.brokerErr = err
		m.mu.Unlock()
		switch {
		case err != nil && was == nil:
			m.log.Warn("broker unreachable; not ready", "brokers", conn.Brokers, "err", err)
		case err != nil && errors.Is(was, errNotChecked):
			m.log.Warn("broker unreachable", "brokers", conn.Brokers, "err", err)
		case err == nil && was != nil:
			m.log.Info("broker reachable", "brokers", conn.Brokers)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// handler serves /metrics, /healthz (liveness: the process answers) and
// /readyz (200 only while the broker answers and a gazetteer is loaded,
// else 503 with the reason).
func (m *monitor) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ok, why := m.ready()
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		fmt.Fprintln(w, why)
	})
	return mux
}

// serveHTTP listens on addr and serves h until stop is called. Listening
// happens before it returns, so a taken port fails the start.
func serveHTTP(addr string, h http.Handler, log *slog.Logger) (stop func(), err error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("HTTP server: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	log.Info("serving /metrics, /healthz and /readyz", "addr", l.Addr().String())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("HTTP server stopped", "err", err)
		}
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
	}, nil
}
