package kafka

import kafkago "github.com/segmentio/kafka-go"

// javaPartition asks the Sink's balancer where a key goes among n
// partitions.
func javaPartition(key []byte, n int) int {
	parts := make([]int, n)
	for i := range parts {
		parts[i] = i
	}
	return balancer().Balance(kafkago.Message{Key: key}, parts...)
}
