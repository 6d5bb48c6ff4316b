package pricefeeder

import (
	"strings"
	"testing"
)

func TestZZScratch(t *testing.T) {
	base, _ := DefaultConfigTOML(DefaultsOptions{GRPCAddress: "127.0.0.1:1", HTTPAddress: "127.0.0.1:2", NoiseSeed: 3})
	for _, s := range []string{
		"grpc_address = \"x\"\nlog_format = = \"text\"\n",
		"typo = 1\n" + string(base),
		strings.Replace(string(base), "min_providers = 1", "min_providers = \"two\"", 1),
		strings.Replace(string(base), "poll_interval = \"500ms\"", "poll_interval = \"fast\"", 1),
		strings.Replace(string(base), "noise = 0.0005", "noise = nan", 1),
		strings.Replace(string(base), "markets = [", "markets = \n[", 1),
		"a = [1,\n2,\n",
	} {
		_, err := ParseConfig([]byte(s))
		t.Logf("%v\n----", err)
	}
	_, err := ParseConfig(nil)
	t.Logf("%v", err)
}
