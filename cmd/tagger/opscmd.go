package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// cmdConfig prints the effective configuration as YAML, in the form
// --config reads, with secrets masked and each setting's origin (flag,
// environment, file) as a comment.
func cmdConfig(ctx context.Context, args []string, env Env) error {
	var cfg Config
	fs := flag.NewFlagSet("config", flag.ContinueOnError)
	cfg.flags(fs)
	origin, err := parseFlagsFrom(fs, args, env)
	if err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if _, err := newLogger(cfg, io.Discard); err != nil {
		return err
	}
	b, err := effectiveConfig(fs, origin, cfg.ConfigFile)
	if err != nil {
		return err
	}
	_, err = env.Stdout.Write(b)
	return err
}

// masked replaces a secret's value when the configuration is printed.
const masked = "********"

// effectiveConfig renders every flag of fs but --config as a YAML mapping,
// in flag order.
func effectiveConfig(fs *flag.FlagSet, origin map[string]string, file string) ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode}
	root.HeadComment = "tagger: effective configuration (flags > TAGGER_* environment > config file > defaults)"
	if file != "" {
		root.HeadComment += "\nconfig file: " + file
	}
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "config" {
			return
		}
		v := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.Value.String()}
		if g, ok := f.Value.(flag.Getter); ok {
			switch x := g.Get().(type) {
			case bool:
				v.Tag = "!!bool"
			case int, int64, uint, uint64:
				v.Tag = "!!int"
			case time.Duration:
				v.Value = x.String()
			}
		}
		if secretFlags[f.Name] && v.Value != "" {
			v.Value = masked
		}
		if o := origin[f.Name]; o != "" {
			v.LineComment = o
		}
		root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.Name}, v)
	})
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("print configuration: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("print configuration: %w", err)
	}
	return []byte(b.String()), nil
}

// cmdHealthcheck asks the local service's /readyz (or --path) and fails
// unless it answers 200. It is the container health check: the runtime
// image has no shell, curl or wget. It reads --http-addr from the same
// flags, environment and file as the service.
func cmdHealthcheck(ctx context.Context, args []string, env Env) error {
	var cfg Config
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	cfg.flags(fs)
	path := fs.String("path", "/readyz", "endpoint to ask: /readyz or /healthz")
	timeout := fs.Duration("timeout", 3*time.Second, "give up after this long")
	if err := parseFlags(fs, args, env); err != nil {
		return err
	}
	if cfg.HTTPAddr == "" {
		return fmt.Errorf("%w: the HTTP server is off (--http-addr is empty)", errUsage)
	}
	addr, err := localAddr(cfg.HTTPAddr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	url := "http://" + addr + *path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s: %s", url, resp.Status, strings.TrimSpace(string(body)))
	}
	_, err = env.Stdout.Write(body)
	return err
}

// localAddr turns a listen address into one to dial on this host: ":8080"
// and "0.0.0.0:8080" listen on every interface, loopback among them.
func localAddr(listen string) (string, error) {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "", fmt.Errorf("%w: --http-addr %q: %w", errUsage, listen, err)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return net.JoinHostPort(host, port), nil
}
