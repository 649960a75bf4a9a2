package redisstore

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// ParseURL turns a Redis URL into client options:
//
//	redis://[user:pass@]host[:port][/db]                 one server
//	rediss://…                                           the same over TLS
//	redis+cluster://[user:pass@]host1:port,host2:port    Redis Cluster (seed nodes)
//	redis+sentinel://[user:pass@]host1:port,host2:port/MASTERNAME[/db]
//	                                                     Sentinel-managed primary
//
// rediss+cluster and rediss+sentinel use TLS. Ports default to 6379 (26379
// for sentinels). user:pass authenticate to the data nodes; sentinels that
// need their own credentials take ?sentinel_username=…&sentinel_password=….
// Credentials must be percent-encoded if they hold '@', ':', '/', '?' or
// '#'. Errors never repeat any part of the URL, which may hold a password.
func ParseURL(u string) (*redis.UniversalOptions, error) {
	o, err := parseURL(u)
	if err != nil {
		return nil, fmt.Errorf("redisstore: parse redis URL: %w", err)
	}
	return o, nil
}

func parseURL(u string) (*redis.UniversalOptions, error) {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return nil, errors.New("missing scheme (want redis://, rediss://, redis+cluster:// or redis+sentinel://)")
	}
	var cluster, sentinel, useTLS bool
	switch scheme {
	case "redis":
	case "rediss":
		useTLS = true
	case "redis+cluster":
		cluster = true
	case "rediss+cluster":
		cluster, useTLS = true, true
	case "redis+sentinel":
		sentinel = true
	case "rediss+sentinel":
		sentinel, useTLS = true, true
	default:
		return nil, fmt.Errorf("unsupported scheme %q", scheme)
	}
	if strings.Contains(rest, "#") {
		return nil, errors.New("unexpected fragment (#)")
	}
	rest, rawQuery, _ := strings.Cut(rest, "?")
	authority, path, _ := strings.Cut(rest, "/")

	o := &redis.UniversalOptions{IsClusterMode: cluster}
	if useTLS {
		// ServerName is left empty: crypto/tls then takes it from each
		// dialled address, which differs per node in a cluster.
		o.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}

	// The password may contain '@', so the host list starts after the last one.
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		var err error
		userinfo := authority[:at]
		authority = authority[at+1:]
		user, pass, _ := strings.Cut(userinfo, ":")
		if o.Username, err = url.PathUnescape(user); err != nil {
			return nil, errors.New("bad percent-encoding in the user name")
		}
		if o.Password, err = url.PathUnescape(pass); err != nil {
			return nil, errors.New("bad percent-encoding in the password")
		}
	}

	defaultPort := "6379"
	if sentinel {
		defaultPort = "26379"
	}
	if authority == "" {
		return nil, errors.New("missing host")
	}
	for i, h := range strings.Split(authority, ",") {
		addr, err := hostPort(h, defaultPort)
		if err != nil {
			return nil, fmt.Errorf("host %d: %w", i+1, err)
		}
		o.Addrs = append(o.Addrs, addr)
	}
	if len(o.Addrs) > 1 && !cluster && !sentinel {
		return nil, fmt.Errorf("several hosts need %s+cluster:// or %s+sentinel://", scheme, scheme)
	}

	segs := strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
	dbSeg := ""
	switch {
	case sentinel:
		if len(segs) == 0 || len(segs) > 2 {
			return nil, errors.New("sentinel URL path must be /MASTERNAME or /MASTERNAME/db")
		}
		master, err := url.PathUnescape(segs[0])
		if err != nil {
			return nil, errors.New("bad percent-encoding in the master name")
		}
		o.MasterName = master
		if len(segs) == 2 {
			dbSeg = segs[1]
		}
	case len(segs) > 1:
		return nil, errors.New("URL path must be empty or /db")
	case len(segs) == 1:
		dbSeg = segs[0]
	}
	if dbSeg != "" {
		db, err := strconv.Atoi(dbSeg)
		if err != nil || db < 0 {
			return nil, errors.New("bad database number")
		}
		if cluster && db != 0 {
			return nil, errors.New("a Redis Cluster has only database 0")
		}
		o.DB = db
	}

	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, errors.New("bad query string")
	}
	for name, vs := range q { // the last value of a repeated parameter wins
		v := vs[len(vs)-1]
		switch {
		case sentinel && name == "sentinel_username":
			o.SentinelUsername = v
		case sentinel && name == "sentinel_password":
			o.SentinelPassword = v
		default:
			// The name is not repeated: an unencoded '?' in a password
			// would put part of the password here.
			return nil, errors.New("unknown query parameter (only sentinel_username and sentinel_password, on sentinel URLs)")
		}
	}
	return o, nil
}

// hostPort validates one host[:port] of the URL and adds the default port.
func hostPort(h, defaultPort string) (string, error) {
	host, port := h, defaultPort
	switch {
	case strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]"): // [IPv6] without a port
		host = h[1 : len(h)-1]
	case strings.Contains(h, ":"):
		var err error
		if host, port, err = net.SplitHostPort(h); err != nil {
			return "", errors.New("bad host:port")
		}
	}
	if host == "" {
		return "", errors.New("missing host")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", errors.New("bad port")
	}
	return net.JoinHostPort(host, port), nil
}
