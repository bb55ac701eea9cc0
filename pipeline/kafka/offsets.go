package kafka

import (
	"context"
	"fmt"

	kafkago "github.com/segmentio/kafka-go"
)

// CommittedOffsets asks the group's coordinator for the group's committed
// offsets of topic: per partition, the next offset the group will read.
// Partitions without a commit are absent. It reads and never commits, so
// it can watch a running group from outside.
func CommittedOffsets(ctx context.Context, conn Conn, group, topic string) (map[int]int64, error) {
	t, err := conn.transport()
	if err != nil {
		return nil, err
	}
	defer t.CloseIdleConnections()
	c := &kafkago.Client{Addr: kafkago.TCP(conn.Brokers...), Transport: t}
	meta, err := c.Metadata(ctx, &kafkago.MetadataRequest{Topics: []string{topic}})
	if err != nil {
		return nil, fmt.Errorf("kafka: committed offsets of %s: metadata: %w", group, err)
	}
	var parts []int
	for _, tm := range meta.Topics {
		if tm.Error != nil {
			return nil, fmt.Errorf("kafka: committed offsets of %s: topic %s: %w", group, topic, tm.Error)
		}
		for _, p := range tm.Partitions {
			parts = append(parts, p.ID)
		}
	}
	resp, err := c.OffsetFetch(ctx, &kafkago.OffsetFetchRequest{GroupID: group, Topics: map[string][]int{topic: parts}})
	if err == nil {
		err = resp.Error
	}
	if err != nil {
		return nil, fmt.Errorf("kafka: committed offsets of %s: %w", group, err)
	}
	out := map[int]int64{}
	for _, p := range resp.Topics[topic] {
		if p.Error != nil {
			return nil, fmt.Errorf("kafka: committed offsets of %s: %s/%d: %w", group, topic, p.Partition, p.Error)
		}
		if p.CommittedOffset >= 0 {
			out[p.Partition] = p.CommittedOffset
		}
	}
	return out, nil
}
