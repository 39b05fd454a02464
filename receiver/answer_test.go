package receiver

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mistwatch/mistwatch/model"
)

// A 200 names the events accepted and is plain text, whether its body was
// made beforehand (the usual counts) or not (a large message).
func TestAcceptAnswerNamesTheEvents(t *testing.T) {
	for _, n := range []int{0, 1, 10, 127, 128, 300} {
		ch := make(chan []model.Event, 1)
		h := NewHandler(Config{}, ch)
		evs := strings.TrimSuffix(strings.Repeat(`{"mac":"70ef00710001"},`, n), ",")
		body := fmt.Sprintf(`{"topic":"client-join","events":[%s]}`, evs)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/", bytes.NewReader([]byte(body))))
		want := fmt.Sprintf("ok %d events\n", n)
		if n == 1 {
			want = "ok 1 event\n"
		}
		if w.Code != 200 || w.Body.String() != want || w.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
			t.Errorf("%d events: %d %q %q", n, w.Code, w.Body, w.Header().Get("Content-Type"))
		}
		if n > 0 && len(<-ch) != n {
			t.Errorf("%d events: wrong batch", n)
		}
	}
}
