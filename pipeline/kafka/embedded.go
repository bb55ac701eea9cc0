package kafka

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"

	"github.com/twmb/franz-go/pkg/kfake"
)

// EmbeddedConfig configures the in-process broker.
type EmbeddedConfig struct {
	// Port to listen on, on 127.0.0.1; 0 picks a free one.
	Port int
	// Partitions is the partition count of topics the broker creates.
	Partitions int
	// Topics are created at start.
	Topics []string
	// DataDir, if set, keeps the broker's log on disk across restarts.
	DataDir string
}

// Embedded is an in-process Kafka-protocol broker (franz-go's kfake) on
// loopback. Any Kafka client, kcat included, can connect to Addr.
type Embedded struct {
	opts []kfake.Opt // to start it again after Stop

	mu    sync.Mutex
	c     *kfake.Cluster
	port  int
	addrs []string
}

// StartEmbedded starts the broker.
func StartEmbedded(cfg EmbeddedConfig) (*Embedded, error) {
	parts := orDefault(cfg.Partitions, 1)
	opts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.DefaultNumPartitions(parts),
		kfake.AllowAutoTopicCreation(),
		// Let a test restart a consumer quickly after killing one.
		kfake.GroupMinSessionTimeout(0),
		// News pages and their dead letters outgrow Kafka's 1 MB default.
		kfake.BrokerConfigs(map[string]string{"message.max.bytes": strconv.Itoa(MaxMessageBytes)}),
	}
	if len(cfg.Topics) > 0 {
		opts = append(opts, kfake.SeedTopics(int32(parts), cfg.Topics...))
	}
	if cfg.DataDir != "" {
		opts = append(opts, kfake.DataDir(cfg.DataDir))
	}
	e := &Embedded{opts: opts, port: cfg.Port}
	if err := e.start(); err != nil {
		return nil, err
	}
	return e, nil
}

func (e *Embedded) start() error {
	opts := e.opts
	if e.port != 0 {
		opts = append(opts[:len(opts):len(opts)], kfake.Ports(e.port))
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		return fmt.Errorf("kafka: start embedded broker: %w", err)
	}
	addrs := c.ListenAddrs()
	_, port, err := net.SplitHostPort(addrs[0])
	if err == nil {
		e.port, err = strconv.Atoi(port)
	}
	if err != nil {
		c.Close()
		return fmt.Errorf("kafka: embedded broker address: %w", err)
	}
	e.c, e.addrs = c, addrs
	return nil
}

// Addrs are the broker's listen addresses.
func (e *Embedded) Addrs() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.addrs
}

// Close stops the broker.
func (e *Embedded) Close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.c.Close()
}

// Stop shuts the broker down as a broker restart does: it stops
// listening and drops every connection. With DataDir set, it saves its
// topics, records and group offsets there first, and Restart brings
// them back. It is how the fault tests take the broker away mid-stream.
func (e *Embedded) Stop() { e.Close() }

// Restart starts a stopped broker again on the same port, with what it
// saved in DataDir (without DataDir it comes back empty).
func (e *Embedded) Restart() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.c == nil {
		return errors.New("kafka: restart: the embedded broker never started")
	}
	e.c.Close() // in case it was not stopped
	return e.start()
}
