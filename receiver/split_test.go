package receiver

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// sameAsChunked reads data in pieces of about chunk bytes and says how the
// result differs from msgs and errs ("" when it does not).
func sameAsChunked(data []byte, chunk int, msgs []Message, errs []LineError) string {
	got, gotErrs, err := readChunked("fuzz", bytes.NewReader(data), chunk)
	if err != nil {
		return err.Error()
	}
	describe := func(ms []Message, es []LineError) string {
		var b strings.Builder
		for _, m := range ms {
			fmt.Fprintf(&b, "%d %v %s\n", m.Line, m.Received, m.Body)
		}
		for _, e := range es {
			fmt.Fprintf(&b, "error %d\n", e.Line)
		}
		return b.String()
	}
	if a, b := describe(msgs, errs), describe(got, gotErrs); a != b {
		return fmt.Sprintf("read whole:\n%s\nread in %d-byte pieces:\n%s", a, chunk, b)
	}
	return ""
}

var prettyJoin = "{\n  \"topic\": \"client-join\",\n  \"events\": [\n    {\"mac\": \"%012x\"}\n  ]\n}\n"

// sixPretty is six pretty-printed messages (seven events: the fourth has
// two), with GARBAGE after the third.
func sixPretty() string {
	var b strings.Builder
	for i := 1; i <= 6; i++ {
		if i == 4 {
			b.WriteString("GARBAGE\n")
			b.WriteString("{\n  \"topic\": \"client-join\",\n  \"events\": [{\"mac\": \"00000000000a\"}, {\"mac\": \"00000000000b\"}]\n}\n")
			continue
		}
		fmt.Fprintf(&b, prettyJoin, i)
	}
	return b.String()
}

// TestPrettyResyncsAfterGarbage (issue 7 item 6): broken JSON between
// pretty-printed messages skips to the next message instead of ending the
// read, and says how much it skipped.
func TestPrettyResyncsAfterGarbage(t *testing.T) {
	msgs, errs, err := ReadMessages("f.json", strings.NewReader(sixPretty()))
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 6 {
		t.Fatalf("%d messages, want 6; errors %v", len(msgs), errs)
	}
	if len(errs) != 1 || errs[0].Line != 19 ||
		!strings.Contains(errs[0].Error(), "skipped 8 bytes to the next message at line 20") {
		t.Fatalf("errors %v, want one at line 19 saying 8 bytes were skipped to line 20", errs)
	}
	if msgs[3].Line != 20 || msgs[5].Line != 30 {
		t.Errorf("messages 4 and 6 at lines %d and %d, want 20 and 30", msgs[3].Line, msgs[5].Line)
	}
}

// TestReadInPiecesReadsTheSame: a file cut into pieces (as StreamFile reads
// a big one) gives the same messages, lines and errors as read whole.
func TestReadInPiecesReadsTheSame(t *testing.T) {
	msg := `{"topic":"client-join","events":[{"mac":"000000000001"}]}`
	inputs := []string{
		sixPretty(),
		msg + "\n" + msg + "\r\n\n" + `{"topic":` + "\n" + msg,
		"garbage\n" + msg + "\n" + msg,
		strings.Replace(fmt.Sprintf(prettyJoin, 1), `"events":`, `"events" `, 1),
		fmt.Sprintf(prettyJoin, 1) + `{"topic": "a", "events": [` + "\n\n" + fmt.Sprintf(prettyJoin, 2),
		"[" + msg + ",\n" + msg + "]",
		"\xef\xbb\xbf" + msg + "\n" + msg,
	}
	for i, in := range inputs {
		whole, errs, err := ReadMessages("fuzz", strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if len(whole)+len(errs) == 0 {
			t.Fatalf("input %d: nothing read whole", i)
		}
		for chunk := 1; chunk < 80; chunk += 3 {
			if diff := sameAsChunked([]byte(in), chunk, whole, errs); diff != "" {
				t.Fatalf("input %d: %s", i, diff)
			}
		}
	}
}
