package app

// FlagLendingLiquidationTargets enables the heavy LiquidationTargets query.
const FlagLendingLiquidationTargets = "lending.enable_liquidation_targets"

// LendingAppConfig is the [lending] section of app.toml.
type LendingAppConfig struct {
	EnableLiquidationTargets bool `mapstructure:"enable_liquidation_targets"`
}

// LendingAppConfigTemplate is appended to app.toml's template.
const LendingAppConfigTemplate = `
###############################################################################
###                           Lending (queries)                             ###
###############################################################################

[lending]
# Answer the LiquidationTargets query (it walks borrowers and prices each
# account; keep it off on public nodes).
enable_liquidation_targets = {{ .Lending.EnableLiquidationTargets }}
`
