package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/newsroom/tagger/gazetteer"
)

// cmdRun is the service: consume, tag, publish, commit, until SIGINT or
// SIGTERM; then drain and exit. SIGHUP reloads the gazetteer.
func cmdRun(ctx context.Context, args []string, env Env) error {
	var cfg Config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfg.flags(fs)
	log, err := parseConfig(fs, &cfg, args, env)
	if err != nil {
		return err
	}
	// The HTTP server starts first, so that /readyz says why the service
	// is not ready while it connects and loads the gazetteer.
	mon := newMonitor(log)
	if cfg.HTTPAddr != "" {
		stopHTTP, err := serveHTTP(cfg.HTTPAddr, mon.handler(), log)
		if err != nil {
			return err
		}
		defer stopHTTP()
	}
	stopDraining := context.AfterFunc(ctx, mon.setDraining)
	defer stopDraining()
	svc, err := startService(ctx, cfg, log, mon)
	if err != nil {
		return err
	}
	defer svc.Close()
	go watchGazetteer(ctx, cfg, svc.store, log, mon)
	if err := svc.run(ctx); err != nil {
		log.Error("stopped", "err", err)
		return err
	}
	log.Info("stopped")
	return nil
}

// watchGazetteer reloads the gazetteer on SIGHUP and when a gazetteer
// file changes, swapping the matcher without stopping the stream. A
// reload that fails keeps the current matcher.
func watchGazetteer(ctx context.Context, cfg Config, store *gazetteer.Store, log *slog.Logger, mon *monitor) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	mtimes := func() map[string]time.Time {
		out := map[string]time.Time{}
		for _, src := range cfg.gazetteerSources() {
			if src == gazetteer.DefaultName {
				continue
			}
			if st, err := os.Stat(src); err == nil {
				out[src] = st.ModTime()
			}
		}
		return out
	}
	last := mtimes()
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		why := ""
		select {
		case <-ctx.Done():
			return
		case <-hup:
			why = "SIGHUP"
		case <-tick.C:
			now := mtimes()
			for k, v := range now {
				if !last[k].Equal(v) {
					why = "changed: " + k
				}
			}
			last = now
		}
		if why == "" {
			continue
		}
		m, err := loadMatcher(cfg)
		if err != nil {
			mon.metrics.Reloaded(false)
			log.Error("gazetteer reload failed; keeping the current one", "why", why, "err", err)
			continue
		}
		old, _ := store.Swap(m)
		mon.metrics.Reloaded(true)
		mon.gazetteerLoaded(m.Gazetteer().Version(), m.Gazetteer().Len())
		log.Info("gazetteer reloaded", "why", why, "version", m.Gazetteer().Version(), "previous", old.Gazetteer().Version(), "entities", m.Gazetteer().Len())
	}
}
