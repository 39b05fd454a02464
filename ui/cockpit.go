package ui

import (
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
)

// The survey cockpit's side of the root model: alerts about pinned clients
// (bell, card flash, status line), markers, and pinning by typing.

// observePinned folds stored events of pinned clients into their cards and
// alerts, and returns what the alerts ask for (the bell).
func (m *Model) observePinned(added []*model.Event) tea.Cmd {
	var fired []model.Alert
	for _, e := range added {
		if e.Kind == model.KindMarker || !m.pins.has(e.MAC) {
			continue
		}
		m.follow.observe(e)
		fired = m.alerts.Observe(fired, e)
	}
	return m.raise(fired)
}

// checkQuiet raises quiet alerts, once a second, by the dashboard's clock.
func (m *Model) checkQuiet() tea.Cmd {
	return m.raise(m.alerts.Tick(nil, m.clock()))
}

// raise shows alerts: each flashes its card and takes the status line; the
// bell rings once for the lot, when it is on.
func (m *Model) raise(alerts []model.Alert) tea.Cmd {
	if len(alerts) == 0 {
		return nil
	}
	for _, a := range alerts {
		m.follow.card(a.MAC).flashUntil = time.Now().Add(flashFor)
		// Its own slot in the status bar: an alert never hides what the
		// user just did (an export's file name) and vice versa.
		m.alertText, m.alertAt = "⚠ "+a.Text(m.store.Names), time.Now()
	}
	m.alertCount += len(alerts)
	if !m.bell || m.opts.Ring == nil {
		return nil
	}
	ring := m.opts.Ring
	return func() tea.Msg { ring(); return nil }
}

// alertItem is the latest alert for the status bar, while it is recent.
func (m *Model) alertItem() (statusItem, bool) {
	if m.alertText == "" || time.Since(m.alertAt) >= messageFor {
		return statusItem{}, false
	}
	return statusItem{" " + m.alertText + " ", m.com.th.ErrPaint, prioAlert}, true
}

// clock is the dashboard's now: the wall clock when live, the newest event
// time replayed in a replay (quiet alerts and markers use it).
func (m *Model) clock() time.Time {
	if m.opts.Replay == nil && m.opts.Now != nil {
		return m.opts.Now()
	}
	return m.newest
}

func (m *Model) toggleBell() {
	m.bell = !m.bell
	if m.bell {
		m.say("bell on: alerts ring the terminal bell")
	} else {
		m.say("bell off")
	}
}

func (m *Model) toggleFollow() {
	m.follow.shown = !m.follow.shown
	if m.follow.shown && len(m.pins.order) == 0 {
		m.say("follow panel: pin a client first (P types a MAC or label, p pins the selected row)")
	}
	m.layoutTables()
}

// openMarkerPrompt asks for a marker's note.
func (m *Model) openMarkerPrompt() tea.Cmd {
	m.prompt = newPrompt(m.com.th, "▼ marker:", "Room 214, door open", nil, func(text string) tea.Cmd {
		m.addMarker(text)
		return nil
	})
	return textinput.Blink
}

// addMarker stamps a marker with the dashboard's clock, shows it and
// writes it to the record file.
func (m *Model) addMarker(text string) {
	at := m.clock()
	if at.IsZero() {
		at = time.Now() // a replay that has not played anything yet
	}
	e, err := model.NewMarker(at, text)
	if err != nil {
		m.say(err.Error())
		return
	}
	var recErr error
	if m.opts.RecordMarker != nil {
		recErr = m.opts.RecordMarker(&e)
	}
	m.ingest([][]model.Event{{e}})
	if recErr != nil {
		m.say("marker shown but not recorded: " + model.Sanitize(recErr.Error()))
		return
	}
	m.say("marker ▼ " + e.Text + " at " + m.com.stamp(e.Time))
}

// openPinPrompt asks for a client to pin: a MAC in any spelling, a label
// or hostname, completed from the clients seen; MAC=Label labels it too.
func (m *Model) openPinPrompt() tea.Cmd {
	m.prompt = newPrompt(m.com.th, "pin:", "MAC, label or MAC=Label (tab completes)", m.pinCandidates, m.pinTyped)
	return textinput.Blink
}

// maxCandidates bounds the completions shown on the prompt line.
const maxCandidates = 5

// pinCandidates are the clients seen whose MAC, label or hostname holds
// text (case and MAC separators ignored), newest first: "MAC label".
func (m *Model) pinCandidates(text string) []string {
	text = strings.ToLower(strings.TrimSpace(text))
	if text == "" {
		return nil
	}
	bare := strings.NewReplacer(":", "", "-", "", ".", "").Replace(text)
	var out []string
	clients := m.store.Clients
	for i := clients.Len() - 1; i >= 0 && len(out) < maxCandidates; i-- {
		c := clients.At(i)
		desc := firstOf(m.store.Names.Label(c.MAC()), m.store.Names.Client(c.MAC()))
		if strings.Contains(c.MAC(), bare) || strings.Contains(strings.ToLower(desc), text) {
			out = append(out, words(model.FormatMAC(c.MAC()), desc))
		}
	}
	return out
}

// pinTyped pins what the pin prompt was given, or unpins a pinned client
// named without a new label.
func (m *Model) pinTyped(text string) tea.Cmd {
	who, label, _ := strings.Cut(text, "=")
	who, label = strings.TrimSpace(who), strings.TrimSpace(label)
	if who == "" {
		return nil
	}
	mac := model.NormalizeMAC(who)
	if !isMAC(mac) {
		cands := m.pinCandidates(who)
		if len(cands) == 0 {
			m.say("no client seen matches " + model.Sanitize(who) + " (type a full MAC to pin one not seen yet)")
			return nil
		}
		mac = model.NormalizeMAC(strings.Fields(cands[0])[0])
	}
	var cmd tea.Cmd
	if label != "" {
		t := model.NewNameTable()
		if err := t.Set(model.NameClient, mac, label); err == nil {
			m.store.Names.AddFileNames(t)
			cmd = m.rebuild() // cells that showed the MAC show the label now
		}
	}
	switch {
	case !m.pins.has(mac), label == "":
		m.togglePin(mac) // P on a pinned client without a new label unpins it, as p does
	default:
		m.savePins() // relabelled
	}
	return cmd
}

func isMAC(s string) bool {
	return len(s) == 12 && strings.Trim(s, "0123456789abcdef") == ""
}

// savePins remembers the pins for the next start.
func (m *Model) savePins() {
	if m.opts.RememberPins == nil {
		return
	}
	labels := make([]string, len(m.pins.order))
	for i, mac := range m.pins.order {
		labels[i] = m.store.Names.Label(mac)
	}
	if err := m.opts.RememberPins(slices.Clone(m.pins.order), labels); err != nil {
		m.say("pins not remembered: " + model.Sanitize(err.Error()))
	}
}

// promptKey gives a key to the open prompt.
func (m *Model) promptKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	done, cmd := m.prompt.update(msg)
	if done {
		m.prompt = nil
	}
	return m, cmd
}
