package jsonscan

import (
	"encoding/json"
	"testing"
)

// TestNameMatchesLikeEncodingJSON: a key matches a field name through Name
// exactly when encoding/json would fill that field from it.
func TestNameMatchesLikeEncodingJSON(t *testing.T) {
	keys := []string{`message`, `MESSAGE`, `MeSsAgE`, `me\u0073sage`, `meſſage`, `me\u017fsage`,
		`message `, `messag`, `mes\"sage`, `\u006d\u0065\u0073\u0073\u0061\u0067\u0065`, `\u212aey`, `Key`, `kEy`,
		`key\u0000`, "k\xffey", `ключ`, ``}
	for _, key := range keys {
		for _, field := range []string{"message", "key"} {
			doc := []byte(`{"` + key + `":1}`)
			var v struct {
				Message *int `json:"message"`
				Key     *int `json:"key"`
			}
			if err := json.Unmarshal(doc, &v); err != nil {
				t.Fatalf("%s: %v", doc, err)
			}
			want := field == "message" && v.Message != nil || field == "key" && v.Key != nil
			it, err := Open(doc, 0, 0)
			if err != nil || !it.Next() {
				t.Fatalf("%s: %v", doc, err)
			}
			if got := Name(it.Key(), it.KeyEscaped()) == field; got != want {
				t.Errorf("key %q: matches %q is %v, encoding/json says %v", key, field, got, want)
			}
		}
	}
}

// KeyString ends a key where String does, fails where it fails, and calls
// a key plain only when the key is its own Name.
func FuzzKeyString(f *testing.F) {
	for _, s := range []string{"mac", "org_id", "client_manufacture", "Mac", `a\"b`, "é", "ſ", "a\x7fb", "tab\there",
		"a long key of more than eight bytes", `unterminated`} {
		f.Add(s, "")
		f.Add(s+`"`, ":1}")
	}
	f.Fuzz(func(t *testing.T, s, tail string) {
		b := []byte(`"` + s + tail)
		end, plain, esc, err := KeyString(b, 0)
		wantEnd, wantEsc, wantErr := String(b, 0)
		if end != wantEnd || (err == nil) != (wantErr == nil) || err == nil && !plain && esc != wantEsc {
			t.Fatalf("%q: KeyString %d %v %v, String %d %v %v", b, end, esc, err, wantEnd, wantEsc, wantErr)
		}
		if err == nil && plain {
			key := b[1 : end-1]
			if esc || Name(key, wantEsc) != string(key) {
				t.Fatalf("%q called plain, Name %q", key, Name(key, wantEsc))
			}
		}
	})
}

func TestKeyStringPlain(t *testing.T) {
	for key, plain := range map[string]bool{"mac": true, "client_manufacture": true, "a b-c.d:e/f": true,
		"Mac": false, "client_Manufacture": false, `a\u0041`: false, "caf\u00e9": false, "abcdefgh\x7f": false} {
		b := []byte(`"` + key + `":1}`)
		end, got, _, err := KeyString(b, 0)
		if err != nil || got != plain || end != len(key)+2 {
			t.Errorf("%q: plain %v, end %d, %v; want plain %v", key, got, end, err, plain)
		}
	}
}
