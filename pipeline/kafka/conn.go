package kafka

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	kafkago "github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl"
	"github.com/segmentio/kafka-go/sasl/plain"
	"github.com/segmentio/kafka-go/sasl/scram"
)

// Conn says how to reach the brokers.
type Conn struct {
	// Brokers are bootstrap addresses, host:port.
	Brokers []string
	// ClientID names this service in broker logs and quotas.
	ClientID string
	// TLS, if set, encrypts connections.
	TLS *tls.Config
	// SASL, if Mechanism is set, authenticates: PLAIN, SCRAM-SHA-256 or
	// SCRAM-SHA-512.
	SASL SASL
	// DialTimeout bounds connecting to a broker.
	DialTimeout time.Duration
}

// SASL holds SASL credentials.
type SASL struct {
	Mechanism string
	User      string
	Password  string
}

func (c Conn) mechanism() (sasl.Mechanism, error) {
	switch strings.ToUpper(c.SASL.Mechanism) {
	case "":
		return nil, nil
	case "PLAIN":
		return plain.Mechanism{Username: c.SASL.User, Password: c.SASL.Password}, nil
	case "SCRAM-SHA-256":
		return scram.Mechanism(scram.SHA256, c.SASL.User, c.SASL.Password)
	case "SCRAM-SHA-512":
		return scram.Mechanism(scram.SHA512, c.SASL.User, c.SASL.Password)
	}
	return nil, fmt.Errorf("kafka: unknown SASL mechanism %q (want PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512)", c.SASL.Mechanism)
}

func (c Conn) dialTimeout() time.Duration {
	if c.DialTimeout > 0 {
		return c.DialTimeout
	}
	return 10 * time.Second
}

func (c Conn) dialer() (*kafkago.Dialer, error) {
	if len(c.Brokers) == 0 {
		return nil, errors.New("kafka: no brokers")
	}
	m, err := c.mechanism()
	if err != nil {
		return nil, err
	}
	return &kafkago.Dialer{
		ClientID:      c.ClientID,
		Timeout:       c.dialTimeout(),
		DualStack:     true,
		TLS:           c.TLS,
		SASLMechanism: m,
	}, nil
}

func (c Conn) transport() (*kafkago.Transport, error) {
	if len(c.Brokers) == 0 {
		return nil, errors.New("kafka: no brokers")
	}
	m, err := c.mechanism()
	if err != nil {
		return nil, err
	}
	return &kafkago.Transport{
		Dial:        (&net.Dialer{Timeout: c.dialTimeout()}).DialContext,
		DialTimeout: c.dialTimeout(),
		ClientID:    c.ClientID,
		TLS:         c.TLS,
		SASL:        m,
		IdleTimeout: 30 * time.Second,
		MetadataTTL: 10 * time.Second,
	}, nil
}
