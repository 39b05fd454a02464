package model

import "testing"

// The memo gives what NormalizeID gives, whatever came before: an ID it
// remembers as canonical, an upper-case spelling of it, a masked one.
func TestIDMemoIsNormalizeID(t *testing.T) {
	const org = "6748cfa6-4e12-11e6-8f42-0242ac110008"
	seq := []string{org, "d761985e-49b1-4506-8f42-0242ac110008", org, "6748CFA6-4E12-11E6-8F42-0242AC110008",
		"{6748cfa6-4e12-11e6-8f42-0242ac110008}", "4ac1dcf4-xxxx-xxxx", "4ac1dcf4-xxxx-xxxx", "", org,
		"urn:uuid:6748cfa6-4e12-11e6-8f42-0242ac110008", "bad\x1b[31m", "bad\x1b[31m", "third-id", org}
	var m idMemo
	for i, s := range seq {
		if got, want := m.normalize(s), NormalizeID(s); got != want {
			t.Errorf("%d: normalize(%q) = %q, NormalizeID %q", i, s, got, want)
		}
	}
}
