package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/newsroom/tagger/gazetteer"
	"github.com/newsroom/tagger/pipeline"
	"github.com/newsroom/tagger/pipeline/extract"
	"github.com/newsroom/tagger/pipeline/kafka"
)

// Config is everything the service reads from flags, environment and an
// optional YAML file. Defaults work out of the box: with no brokers, an
// embedded broker starts.
type Config struct {
	// ConfigFile is the optional YAML file (--config, TAGGER_CONFIG).
	ConfigFile string

	Brokers         string
	InputTopic      string
	OutputTopic     string
	DeadLetterTopic string
	Group           string
	Partitions      int
	CreateTopics    bool
	EmbeddedPort    int

	Workers        int
	BatchSize      int
	BatchLinger    time.Duration
	BatchBytes     int
	FetchMaxBytes  int
	MaxPageBytes   int
	DrainTimeout   time.Duration
	SessionTimeout time.Duration
	RebalanceTime  time.Duration
	Compression    string
	StageTimeout   time.Duration
	StageRetries   int

	Gazetteer  string
	EnglishNER bool
	BanglaNER  bool

	TLS          bool
	TLSCA        string
	SASLMech     string
	SASLUser     string
	SASLPassword string

	LogFormat string
	LogLevel  string

	HTTPAddr            string
	BrokerCheckInterval time.Duration
}

// flags binds c's fields to fs with their defaults and help.
func (c *Config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.ConfigFile, "config", "", "optional YAML file of settings named as the flags (max-page-bytes: 1048576); flags and environment win over it")
	fs.StringVar(&c.Brokers, "brokers", "", "Kafka bootstrap brokers, comma-separated; empty starts an embedded broker on 127.0.0.1")
	fs.StringVar(&c.InputTopic, "input-topic", "pages.raw", "topic of raw pages")
	fs.StringVar(&c.OutputTopic, "output-topic", "pages.tagged", "topic for tagged events")
	fs.StringVar(&c.DeadLetterTopic, "dead-letter-topic", "pages.deadletter", "topic for records that could not be tagged")
	fs.StringVar(&c.Group, "group", "tagger", "consumer group id; instances in one group share partitions")
	fs.IntVar(&c.Partitions, "partitions", 3, "partitions of topics the service creates")
	fs.BoolVar(&c.CreateTopics, "create-topics", true, "create missing topics at start")
	fs.IntVar(&c.EmbeddedPort, "embedded-port", 9092, "port of the embedded broker (0: any free port)")
	fs.IntVar(&c.Workers, "workers", 4, "records processed in parallel")
	fs.IntVar(&c.BatchSize, "batch-size", 100, "outputs per produce request, at most")
	fs.DurationVar(&c.BatchLinger, "batch-linger", 5*time.Millisecond, "longest an output waits for its batch to fill before it is published")
	fs.IntVar(&c.BatchBytes, "batch-bytes", kafka.MaxMessageBytes, "largest produce record batch in bytes; at most the topics' max.message.bytes, at least the largest input (a dead letter carries it whole)")
	fs.IntVar(&c.FetchMaxBytes, "fetch-max-bytes", 64<<20, "largest fetch response in bytes; at least max-page-bytes")
	fs.IntVar(&c.MaxPageBytes, "max-page-bytes", extract.DefaultMaxBytes, "larger records are dead-lettered as too_large")
	fs.DurationVar(&c.DrainTimeout, "drain-timeout", 15*time.Second, "on SIGINT/SIGTERM, time allowed to finish, publish and commit in-flight records")
	fs.DurationVar(&c.SessionTimeout, "session-timeout", 30*time.Second, "consumer group session timeout: how soon a dead instance's partitions move")
	fs.DurationVar(&c.RebalanceTime, "rebalance-timeout", 30*time.Second, "consumer group rebalance timeout")
	fs.DurationVar(&c.StageTimeout, "stage-timeout", 30*time.Second, "time budget of one attempt at a page's stages; a page over it is retried, then dead-lettered as internal (0: none)")
	fs.IntVar(&c.StageRetries, "stage-retries", 1, "more attempts for a page whose stage panicked or ran over --stage-timeout, before it is dead-lettered")
	fs.StringVar(&c.Compression, "compression", "snappy", "output compression: none, gzip, snappy, lz4, zstd")
	fs.StringVar(&c.Gazetteer, "gazetteer", gazetteer.DefaultName, `gazetteer sources, comma-separated, merged in order: "default" (built in) or .jsonl/.csv/.tsv files`)
	fs.BoolVar(&c.EnglishNER, "english-ner", false, "also propose English names the gazetteer lacks (prose NER, unlinked, confidence 0.5; about 0.1 MB/s)")
	fs.BoolVar(&c.BanglaNER, "bangla-ner", true, "also propose people the gazetteer lacks in Bangla text (statistical tagger, unlinked, confidence 0.6; about 45 MB/s beside the matcher's 60; --bangla-ner=false to skip it)")
	fs.BoolVar(&c.TLS, "tls", false, "connect to brokers over TLS")
	fs.StringVar(&c.TLSCA, "tls-ca", "", "PEM file of CA certificates to trust (implies --tls)")
	fs.StringVar(&c.SASLMech, "sasl-mechanism", "", "SASL mechanism: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512")
	fs.StringVar(&c.SASLUser, "sasl-user", "", "SASL user name")
	fs.StringVar(&c.SASLPassword, "sasl-password", "", "SASL password (prefer the TAGGER_SASL_PASSWORD variable)")
	fs.StringVar(&c.LogFormat, "log-format", "auto", "log format: auto (text on a terminal, else JSON), text, json")
	fs.StringVar(&c.LogLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.StringVar(&c.HTTPAddr, "http-addr", ":8080", `address of the HTTP server for /metrics, /healthz and /readyz; "" turns it off`)
	fs.DurationVar(&c.BrokerCheckInterval, "broker-check-interval", 5*time.Second, "how often /readyz's broker check (a metadata request) runs")
}

// secretFlags are masked when the configuration is printed.
var secretFlags = map[string]bool{"sasl-password": true}

// parseFlags parses args into fs, then fills every flag not given on the
// command line from its TAGGER_* variable, then from the YAML file named by
// --config (or TAGGER_CONFIG) if fs has that flag: flags win over
// environment, environment over the file, the file over defaults.
//
// Flags may follow the positional arguments (tagger extract a.html --pretty),
// as people type them; "--" ends flag parsing.
func parseFlags(fs *flag.FlagSet, args []string, env Env) error {
	_, err := parseFlagsFrom(fs, args, env)
	return err
}

// Where a setting came from, as parseFlagsFrom reports it.
const (
	fromFlag = "flag"
	fromEnv  = "environment"
	fromFile = "file"
)

// parseFlagsFrom is parseFlags, also saying where each setting that is not
// a default came from: flag name -> fromFlag, fromEnv or fromFile.
func parseFlagsFrom(fs *flag.FlagSet, args []string, env Env) (map[string]string, error) {
	fs.SetOutput(env.Stderr)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	if err := fs.Parse(append([]string{"--"}, positional...)); err != nil {
		return nil, err
	}
	origin := map[string]string{}
	fs.Visit(func(f *flag.Flag) { origin[f.Name] = fromFlag })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if origin[f.Name] != "" {
			return
		}
		name := envName(f.Name)
		if v := env.Getenv(name); v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", name, v, err))
			}
			origin[f.Name] = fromEnv
		}
	})
	if f := fs.Lookup("config"); f != nil && f.Value.String() != "" && len(errs) == 0 {
		errs = append(errs, applyConfigFile(fs, f.Value.String(), origin))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("%w: %w", errUsage, err)
	}
	return origin, nil
}

// applyConfigFile sets, from a YAML mapping of flag names to values, the
// flags that neither the command line nor the environment set. Keys may
// be spelled with - or _; a list is joined with commas (brokers,
// gazetteer). An unknown key is an error, so a typo does not pass
// silently.
func applyConfigFile(fs *flag.FlagSet, path string, origin map[string]string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config file: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("config file %s: %w", path, err)
	}
	if len(doc.Content) == 0 {
		return nil // empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("config file %s: want a mapping of setting names to values", path)
	}
	var errs []error
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		name := strings.ReplaceAll(k.Value, "_", "-")
		if fs.Lookup(name) == nil || name == "config" {
			errs = append(errs, fmt.Errorf("config file %s:%d: unknown setting %q", path, k.Line, k.Value))
			continue
		}
		if origin[name] != "" || v.Tag == "!!null" {
			continue
		}
		var value string
		switch v.Kind {
		case yaml.ScalarNode:
			value = v.Value
		case yaml.SequenceNode:
			var items []string
			for _, it := range v.Content {
				if it.Kind != yaml.ScalarNode {
					errs = append(errs, fmt.Errorf("config file %s:%d: %s: want a list of plain values", path, it.Line, k.Value))
				}
				items = append(items, it.Value)
			}
			value = strings.Join(items, ",")
		default:
			errs = append(errs, fmt.Errorf("config file %s:%d: %s: want a value or a list", path, v.Line, k.Value))
			continue
		}
		if err := fs.Set(name, value); err != nil {
			errs = append(errs, fmt.Errorf("config file %s:%d: %s: %w", path, v.Line, k.Value, err))
			continue
		}
		origin[name] = fromFile
	}
	return errors.Join(errs...)
}

// envName is the environment variable of a flag: max-page-bytes ->
// TAGGER_MAX_PAGE_BYTES.
func envName(flagName string) string {
	return "TAGGER_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Validate reports settings that cannot work.
func (c *Config) Validate() error {
	var errs []error
	if c.InputTopic == "" || c.OutputTopic == "" || c.DeadLetterTopic == "" {
		errs = append(errs, errors.New("input, output and dead-letter topics must be set"))
	}
	if c.InputTopic == c.OutputTopic || c.InputTopic == c.DeadLetterTopic {
		errs = append(errs, errors.New("the input topic must differ from the output and dead-letter topics"))
	}
	if c.Workers < 1 || c.BatchSize < 1 || c.Partitions < 1 {
		errs = append(errs, errors.New("workers, batch-size and partitions must be at least 1"))
	}
	if c.StageTimeout < 0 || c.StageRetries < 0 {
		errs = append(errs, errors.New("stage-timeout and stage-retries must not be negative"))
	}
	if c.MaxPageBytes < 1024 {
		errs = append(errs, errors.New("max-page-bytes must be at least 1024"))
	}
	if c.BatchBytes < c.MaxPageBytes || c.FetchMaxBytes < c.MaxPageBytes {
		errs = append(errs, errors.New("batch-bytes and fetch-max-bytes must be at least max-page-bytes"))
	}
	if c.BatchLinger < 0 || c.BrokerCheckInterval <= 0 {
		errs = append(errs, errors.New("batch-linger must not be negative, broker-check-interval must be positive"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	return nil
}

// brokers splits the broker list.
func (c *Config) brokers() []string { return splitList(c.Brokers) }

// conn builds the connection settings.
func (c *Config) conn(brokers []string) (kafka.Conn, error) {
	conn := kafka.Conn{
		Brokers:  brokers,
		ClientID: "tagger",
		SASL:     kafka.SASL{Mechanism: c.SASLMech, User: c.SASLUser, Password: c.SASLPassword},
	}
	if c.TLS || c.TLSCA != "" {
		conn.TLS = &tls.Config{MinVersion: tls.VersionTLS12}
		if c.TLSCA != "" {
			pem, err := os.ReadFile(c.TLSCA)
			if err != nil {
				return conn, fmt.Errorf("read --tls-ca: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return conn, fmt.Errorf("--tls-ca %s: no PEM certificates", c.TLSCA)
			}
			conn.TLS.RootCAs = pool
		}
	}
	return conn, nil
}

// gazetteerSources splits the --gazetteer list.
func (c *Config) gazetteerSources() []string { return splitList(c.Gazetteer) }

// runConfig derives the pipeline loop's settings.
func (c *Config) runConfig() pipeline.RunConfig {
	rc := pipeline.DefaultRunConfig()
	rc.Workers = c.Workers
	rc.BatchSize = c.BatchSize
	rc.BatchLinger = c.BatchLinger
	rc.DrainTimeout = c.DrainTimeout
	return rc
}

// parseConfig parses a service command's flags (those of Config plus any
// fs already has) and environment, validates, and builds the logger.
func parseConfig(fs *flag.FlagSet, cfg *Config, args []string, env Env) (*slog.Logger, error) {
	if err := parseFlags(fs, args, env); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return newLogger(*cfg, env.Stderr)
}
