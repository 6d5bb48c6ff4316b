package liquidator

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"google.golang.org/grpc"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// Signer is one key the liquidator submits with. It tracks its account's
// sequence locally, so several transactions go out in one block, and
// re-reads it from the chain when the node says it is wrong.
type Signer struct {
	Name    string
	Address sdk.AccAddress

	mu       sync.Mutex
	accNum   uint64
	sequence uint64
	synced   bool
}

// Sender builds, simulates, signs and broadcasts transactions.
type Sender struct {
	txConfig      client.TxConfig
	keyring       keyring.Keyring
	chainID       string
	gasPrices     string
	gasAdjustment float64
	timeoutBlocks uint64
	auth          authtypes.QueryClient
	bank          banktypes.QueryClient
	service       txtypes.ServiceClient
	Signers       []*Signer
	next          int
	nextMu        sync.Mutex
}

// NewSender opens the signers' keys in kr.
func NewSender(conn *grpc.ClientConn, txConfig client.TxConfig, kr keyring.Keyring, cfg Config) (*Sender, error) {
	s := &Sender{
		txConfig: txConfig, keyring: kr, chainID: cfg.ChainID, gasPrices: cfg.GasPrices,
		gasAdjustment: cfg.GasAdjustment, timeoutBlocks: cfg.TimeoutBlocks,
		auth: authtypes.NewQueryClient(conn), bank: banktypes.NewQueryClient(conn), service: txtypes.NewServiceClient(conn),
	}
	for _, name := range cfg.Signers {
		rec, err := kr.Key(name)
		if err != nil {
			return nil, fmt.Errorf("signer %q: %w", name, err)
		}
		addr, err := rec.GetAddress()
		if err != nil {
			return nil, fmt.Errorf("signer %q: %w", name, err)
		}
		s.Signers = append(s.Signers, &Signer{Name: name, Address: addr})
	}
	return s, nil
}

// Next picks the signers in turn.
func (s *Sender) Next() *Signer {
	s.nextMu.Lock()
	defer s.nextMu.Unlock()
	sg := s.Signers[s.next%len(s.Signers)]
	s.next++
	return sg
}

// Balance reads a signer's spendable balance of denom.
func (s *Sender) Balance(ctx context.Context, sg *Signer, denom string) (sdk.Coin, error) {
	res, err := s.bank.SpendableBalanceByDenom(ctx, &banktypes.QuerySpendableBalanceByDenomRequest{Address: sg.Address.String(), Denom: denom})
	if err != nil {
		return sdk.Coin{}, err
	}
	if res.Balance == nil {
		return sdk.NewInt64Coin(denom, 0), nil
	}
	return *res.Balance, nil
}

func (s *Sender) resync(ctx context.Context, sg *Signer) error {
	res, err := s.auth.AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: sg.Address.String()})
	if err != nil {
		return fmt.Errorf("account of %s: %w", sg.Name, err)
	}
	sg.accNum, sg.sequence, sg.synced = res.Info.AccountNumber, res.Info.Sequence, true
	return nil
}

// ErrSimulation wraps a transaction the node's simulation refused: the
// chain would reject it, so it was not sent.
var ErrSimulation = errors.New("simulation failed")

// Result is a broadcast transaction.
type Result struct {
	TxHash string
	Gas    uint64
}

// Send simulates msgs as sg, then signs and broadcasts them with a timeout
// height (height + timeout_blocks). A sequence mismatch re-reads the
// sequence and tries once more; any other refusal is returned as is.
func (s *Sender) Send(ctx context.Context, sg *Signer, height int64, msgs ...sdk.Msg) (Result, error) {
	sg.mu.Lock()
	defer sg.mu.Unlock()
	if !sg.synced {
		if err := s.resync(ctx, sg); err != nil {
			return Result{}, err
		}
	}
	res, err := s.send(ctx, sg, height, msgs)
	if err != nil && errors.Is(err, sdkerrors.ErrWrongSequence) {
		if rerr := s.resync(ctx, sg); rerr != nil {
			return Result{}, rerr
		}
		res, err = s.send(ctx, sg, height, msgs)
	}
	return res, err
}

func (s *Sender) factory(sg *Signer, height int64) tx.Factory {
	return tx.Factory{}.WithTxConfig(s.txConfig).WithKeybase(s.keyring).WithChainID(s.chainID).
		WithAccountNumber(sg.accNum).WithSequence(sg.sequence).WithGasPrices(s.gasPrices).
		WithTimeoutHeight(uint64(height) + s.timeoutBlocks).WithSignMode(signing.SignMode_SIGN_MODE_DIRECT).
		WithFromName(sg.Name)
}

func (s *Sender) send(ctx context.Context, sg *Signer, height int64, msgs []sdk.Msg) (Result, error) {
	f := s.factory(sg, height)
	simBytes, err := f.BuildSimTx(msgs...)
	if err != nil {
		return Result{}, err
	}
	sim, err := s.service.Simulate(ctx, &txtypes.SimulateRequest{TxBytes: simBytes})
	if err != nil {
		if strings.Contains(err.Error(), "account sequence mismatch") {
			return Result{}, sdkerrors.ErrWrongSequence.Wrap(err.Error())
		}
		return Result{}, fmt.Errorf("%w: %w", ErrSimulation, err)
	}
	gas := uint64(float64(sim.GasInfo.GasUsed) * s.gasAdjustment)
	f = f.WithGas(gas)
	builder, err := f.BuildUnsignedTx(msgs...)
	if err != nil {
		return Result{}, err
	}
	if err := tx.Sign(ctx, f, sg.Name, builder, true); err != nil {
		return Result{}, err
	}
	bz, err := s.txConfig.TxEncoder()(builder.GetTx())
	if err != nil {
		return Result{}, err
	}
	out, err := s.service.BroadcastTx(ctx, &txtypes.BroadcastTxRequest{TxBytes: bz, Mode: txtypes.BroadcastMode_BROADCAST_MODE_SYNC})
	if err != nil {
		return Result{}, fmt.Errorf("broadcast: %w", err)
	}
	r := out.TxResponse
	if r.Code == sdkerrors.ErrWrongSequence.ABCICode() && r.Codespace == sdkerrors.ErrWrongSequence.Codespace() {
		return Result{}, sdkerrors.ErrWrongSequence.Wrap(r.RawLog)
	}
	if r.Code != 0 {
		return Result{}, fmt.Errorf("checktx %s/%d: %s", r.Codespace, r.Code, r.RawLog)
	}
	sg.sequence++
	return Result{TxHash: r.TxHash, Gas: gas}, nil
}
