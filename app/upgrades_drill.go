//go:build upgrade_drill

package app

import "github.com/ballast-chain/ballast/app/upgrades/drill"

// The drill build knows one more upgrade than the release build.
func init() { Upgrades = append(Upgrades, drill.Upgrade) }
