package kafka

import (
	"fmt"
	"strconv"

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
	c *kfake.Cluster
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
	if cfg.Port != 0 {
		opts = append(opts, kfake.Ports(cfg.Port))
	}
	if len(cfg.Topics) > 0 {
		opts = append(opts, kfake.SeedTopics(int32(parts), cfg.Topics...))
	}
	if cfg.DataDir != "" {
		opts = append(opts, kfake.DataDir(cfg.DataDir))
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		return nil, fmt.Errorf("kafka: start embedded broker: %w", err)
	}
	return &Embedded{c: c}, nil
}

// Addrs are the broker's listen addresses.
func (e *Embedded) Addrs() []string { return e.c.ListenAddrs() }

// Close stops the broker.
func (e *Embedded) Close() { e.c.Close() }
