package kafka

import (
	kafkago "github.com/segmentio/kafka-go"

	"github.com/newsroom/tagger/models"
)

func fromHeaders(hs []kafkago.Header) []models.Header {
	if len(hs) == 0 {
		return nil
	}
	out := make([]models.Header, len(hs))
	for i, h := range hs {
		out[i] = models.Header{Key: h.Key, Value: h.Value}
	}
	return out
}

func toHeaders(hs []models.Header) []kafkago.Header {
	if len(hs) == 0 {
		return nil
	}
	out := make([]kafkago.Header, len(hs))
	for i, h := range hs {
		out[i] = kafkago.Header{Key: h.Key, Value: h.Value}
	}
	return out
}
