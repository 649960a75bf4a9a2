package redisstore

import (
	"crypto/tls"
	"slices"
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	type want struct {
		addrs              []string
		user, pass         string
		db                 int
		tls, cluster       bool
		master             string
		sentUser, sentPass string
	}
	tests := []struct {
		url  string
		want want
	}{
		{"redis://127.0.0.1:6379/0", want{addrs: []string{"127.0.0.1:6379"}}},
		{"redis://localhost", want{addrs: []string{"localhost:6379"}}},
		{"redis://redis.internal:6380/3", want{addrs: []string{"redis.internal:6380"}, db: 3}},
		{"redis://user:secret@h:6379/1", want{addrs: []string{"h:6379"}, user: "user", pass: "secret", db: 1}},
		{"redis://:secret@h", want{addrs: []string{"h:6379"}, pass: "secret"}},
		{"redis://u:p%40ss%3Aw%2Frd@h/", want{addrs: []string{"h:6379"}, user: "u", pass: "p@ss:w/rd"}},
		{"redis://u:p@ss@h", want{addrs: []string{"h:6379"}, user: "u", pass: "p@ss"}}, // last '@' ends the credentials
		{"redis://[::1]:6390/2", want{addrs: []string{"[::1]:6390"}, db: 2}},
		{"redis://[::1]", want{addrs: []string{"[::1]:6379"}}},
		{"rediss://h:6380/0", want{addrs: []string{"h:6380"}, tls: true}},
		{"redis+cluster://a:7000,b:7001,c", want{addrs: []string{"a:7000", "b:7001", "c:6379"}, cluster: true}},
		{"redis+cluster://a:7000", want{addrs: []string{"a:7000"}, cluster: true}}, // one seed node is still a cluster
		{"rediss+cluster://u:p@a:7000,b:7000/0", want{addrs: []string{"a:7000", "b:7000"}, user: "u", pass: "p", tls: true, cluster: true}},
		{"redis+sentinel://s1:26379,s2/mymaster", want{addrs: []string{"s1:26379", "s2:26379"}, master: "mymaster"}},
		{"redis+sentinel://u:p@s1/mymaster/4", want{addrs: []string{"s1:26379"}, user: "u", pass: "p", master: "mymaster", db: 4}},
		{"rediss+sentinel://s1/m?sentinel_username=su&sentinel_password=s%26p", want{addrs: []string{"s1:26379"}, master: "m", tls: true, sentUser: "su", sentPass: "s&p"}},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			o, err := ParseURL(tt.url)
			if err != nil {
				t.Fatalf("ParseURL: %v", err)
			}
			w := tt.want
			if !slices.Equal(o.Addrs, w.addrs) {
				t.Errorf("Addrs = %q, want %q", o.Addrs, w.addrs)
			}
			if o.Username != w.user || o.Password != w.pass {
				t.Errorf("credentials = %q, %q; want %q, %q", o.Username, o.Password, w.user, w.pass)
			}
			if o.DB != w.db {
				t.Errorf("DB = %d, want %d", o.DB, w.db)
			}
			if o.IsClusterMode != w.cluster {
				t.Errorf("IsClusterMode = %v, want %v", o.IsClusterMode, w.cluster)
			}
			if o.MasterName != w.master {
				t.Errorf("MasterName = %q, want %q", o.MasterName, w.master)
			}
			if o.SentinelUsername != w.sentUser || o.SentinelPassword != w.sentPass {
				t.Errorf("sentinel credentials = %q, %q; want %q, %q", o.SentinelUsername, o.SentinelPassword, w.sentUser, w.sentPass)
			}
			switch {
			case (o.TLSConfig != nil) != w.tls:
				t.Errorf("TLSConfig = %v, want TLS %v", o.TLSConfig, w.tls)
			case o.TLSConfig != nil && o.TLSConfig.MinVersion < tls.VersionTLS12:
				t.Errorf("TLS MinVersion = %x, want at least TLS 1.2", o.TLSConfig.MinVersion)
			}
		})
	}
}

func TestParseURLErrors(t *testing.T) {
	for _, u := range []string{
		"",
		"127.0.0.1:6379",
		"http://h",
		"unix:///tmp/redis.sock",
		"redis://",
		"redis://:secret@",
		"redis://a:6379,b:6379",                 // several hosts need cluster or sentinel
		"redis://h/abc",                         // db not a number
		"redis://h/-1",                          // negative db
		"redis://h/1/2",                         // extra path
		"redis://h:port",                        // port not a number
		"redis://h:0",                           // port out of range
		"redis://h:65536",                       // port out of range
		"redis://h,",                            // empty host in the list
		"redis://::1",                           // IPv6 without brackets
		"redis://h?db=2",                        // unknown parameter
		"redis://h#frag",                        // fragment
		"redis+cluster://a/1",                   // cluster has only db 0
		"redis+cluster://a?sentinel_password=x", // sentinel parameter on a cluster URL
		"redis+sentinel://s1",                   // no master name
		"redis+sentinel://s1/",                  // no master name
		"redis+sentinel://s1/m/x",               // db not a number
		"redis+sentinel://s1/m/1/2",
		"redis://u:%zz@h", // bad percent-encoding
	} {
		t.Run(u, func(t *testing.T) {
			if o, err := ParseURL(u); err == nil {
				t.Fatalf("ParseURL(%q) = %+v, want an error", u, o)
			}
		})
	}
}

// TestParseURLErrorsHidePassword checks that a mistyped URL does not put
// the password into logs through the error message.
func TestParseURLErrorsHidePassword(t *testing.T) {
	for _, u := range []string{
		"redis://u:hunter2@h:notaport",
		"redis://u:hunter2@h/notadb",
		"redis://u:hun/ter2@h",         // unencoded '/' cuts the URL inside the password
		"redis://u:hun?ter2=x&y@h",     // unencoded '?' likewise
		"redis://u:hunter2@a:1,b:2",    // several hosts without a cluster scheme
		"redis://u:hunter2@h?x=1",      // unknown parameter
		"redis+sentinel://u:hunter2@s", // missing master
	} {
		_, err := ParseURL(u)
		if err == nil {
			t.Errorf("ParseURL(%q): no error", u)
			continue
		}
		for _, secret := range []string{"hunter2", "hun", "ter2"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("ParseURL(%q) error %q shows the password", u, err)
				break
			}
		}
	}
}
