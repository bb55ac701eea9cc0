// Package kafka is the Kafka edge of the pipeline and the only package that
// imports a Kafka client (segmentio/kafka-go) or the embedded broker
// (franz-go's kfake). It provides:
//
//   - GroupSource, a pipeline.Source over a consumer group, committing
//     explicitly (never ReadMessage, which commits on read);
//   - Sink, a pipeline.Sink that waits for acks from all in-sync replicas
//     and places keys with murmur2, where Java clients would;
//   - EnsureTopics, to create the topics the service needs;
//   - Embedded, an in-process Kafka-protocol broker on loopback, for the
//     demo, tests and one-command runs.
package kafka
