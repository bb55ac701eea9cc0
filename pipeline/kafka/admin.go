package kafka

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	kafkago "github.com/segmentio/kafka-go"
)

// MaxMessageBytes is the record-batch size limit the service sets on the
// topics it creates and uses as its producer's batch limit. Kafka's 1 MB
// default is smaller than many news pages; a dead letter carries the whole
// input record, so the limit must exceed the page size limit.
const MaxMessageBytes = 32 << 20

// TopicSpec is a topic the service needs.
type TopicSpec struct {
	Name              string
	Partitions        int
	ReplicationFactor int
}

// EnsureTopics creates the topics that do not exist yet; existing ones are
// left as they are.
func EnsureTopics(ctx context.Context, conn Conn, specs []TopicSpec) error {
	t, err := conn.transport()
	if err != nil {
		return err
	}
	defer t.CloseIdleConnections()
	c := &kafkago.Client{Addr: kafkago.TCP(conn.Brokers...), Transport: t}
	var cfgs []kafkago.TopicConfig
	for _, s := range specs {
		cfgs = append(cfgs, kafkago.TopicConfig{
			Topic:             s.Name,
			NumPartitions:     orDefault(s.Partitions, 1),
			ReplicationFactor: orDefault(s.ReplicationFactor, -1),
			ConfigEntries: []kafkago.ConfigEntry{
				{ConfigName: "max.message.bytes", ConfigValue: strconv.Itoa(MaxMessageBytes)},
			},
		})
	}
	resp, err := c.CreateTopics(ctx, &kafkago.CreateTopicsRequest{Topics: cfgs})
	if err != nil {
		return fmt.Errorf("kafka: create topics: %w", err)
	}
	for name, err := range resp.Errors {
		if err != nil && !errors.Is(err, kafkago.TopicAlreadyExists) {
			return fmt.Errorf("kafka: create topic %s: %w", name, err)
		}
	}
	return nil
}

// Ping checks that a broker answers a metadata request: the readiness
// check. It dials afresh each time, so a cached connection cannot hide a
// broker that has gone.
func Ping(ctx context.Context, conn Conn) error {
	t, err := conn.transport()
	if err != nil {
		return err
	}
	defer t.CloseIdleConnections()
	c := &kafkago.Client{Addr: kafkago.TCP(conn.Brokers...), Transport: t}
	if _, err := c.Metadata(ctx, &kafkago.MetadataRequest{}); err != nil {
		return fmt.Errorf("kafka: metadata request: %w", err)
	}
	return nil
}
