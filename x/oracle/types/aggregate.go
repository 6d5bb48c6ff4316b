package types

// ValidatorReports is what one validator of the last commit said: its
// consensus address and power, and its reports (nil when it sent nothing, an
// empty extension, or one that does not decode: all count as a miss).
type ValidatorReports struct {
	ConsAddr []byte
	Power    int64
	Reports  []Report
}
