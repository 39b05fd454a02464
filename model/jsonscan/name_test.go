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
