package system

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	// The SDK serves the v1alpha reflection service (gogoreflection), not v1.
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"

	"github.com/ballast-chain/ballast/testutil/systest"
)

// A started node answers REST (gRPC gateway) and gRPC, and lists its gRPC
// services through server reflection.
func TestNodeServesRESTAndGRPCWithReflection(t *testing.T) {
	skipIfShort(t)
	net := systest.NewNetwork(t, 1)
	net.StartAll()
	alice := net.Address("alice")
	p := net.Ports(0)

	// REST: the bank balance route of the gateway.
	var balances struct {
		Balances []struct {
			Denom  string `json:"denom"`
			Amount string `json:"amount"`
		} `json:"balances"`
	}
	getJSON(t, fmt.Sprintf("%s/cosmos/bank/v1beta1/balances/%s", p.APIURL(), alice), &balances)
	denoms := map[string]string{}
	for _, b := range balances.Balances {
		denoms[b.Denom] = b.Amount
	}
	require.Equal(t, "100000000000", denoms["uatom"])
	require.Contains(t, denoms, "aeth")

	// REST: a Ballast module's gateway route.
	var markets struct {
		Markets []struct {
			Symbol string `json:"symbol"`
		} `json:"markets"`
	}
	getJSON(t, p.APIURL()+"/ballast/oracle/v1/markets", &markets)
	require.Len(t, markets.Markets, 5)
	require.Equal(t, "ATOM", markets.Markets[0].Symbol)

	// gRPC reflection: the SDK and IBC query services are listed.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := grpc.NewClient(p.GRPCAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer func() { _ = conn.Close() }()
	stream, err := reflectionpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	require.NoError(t, err)
	require.NoError(t, stream.Send(&reflectionpb.ServerReflectionRequest{
		MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{ListServices: "*"},
	}))
	resp, err := stream.Recv()
	require.NoError(t, err)
	var services []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		services = append(services, s.GetName())
	}
	for _, want := range []string{"cosmos.bank.v1beta1.Query", "cosmos.tx.v1beta1.Service", "ibc.applications.transfer.v1.Query", "ballast.oracle.v1.Query"} {
		require.Contains(t, services, want)
	}
}

func getJSON(t *testing.T, url string, out any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var lastErr error
	for ctx.Err() == nil { // the REST server may start a moment after the first block
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
			require.NoError(t, json.Unmarshal(body, out), string(body))
			return
		}
		lastErr = err
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("GET %s: %v", url, lastErr)
}
