package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/mistwatch/mistwatch/model"
)

// NamesMsg carries the names a background fetch from the Mist API got, or
// why it failed (the dashboard then keeps the names it has).
type NamesMsg struct {
	Table  *model.NameTable
	Status string // what was fetched, for the status line
	Err    error
}

// fetchNamesAtStart fetches the org's names once: at start when the org is
// known, else once the first event names it.
func (m *Model) fetchNamesAtStart() tea.Cmd {
	if m.opts.FetchNames == nil || m.namesAsked {
		return nil
	}
	org := firstOf(m.opts.MistOrg, m.store.Names.FirstOrgID())
	if org == "" {
		return nil
	}
	m.namesAsked = true
	m.say("names: fetching org " + model.Sanitize(org) + " from the Mist API…")
	return m.opts.FetchNames(org)
}

// refetchNames is ctrl+r: fetch the names again, in the background.
func (m *Model) refetchNames() tea.Cmd {
	org := firstOf(m.opts.MistOrg, m.store.Names.FirstOrgID())
	switch {
	case m.opts.FetchNames == nil:
		m.say("ctrl+r: names need a Mist API token (--mist-token-file or MIST_API_TOKEN)")
		return nil
	case org == "":
		m.say("ctrl+r: no org yet (--mist-org, or wait for an event that carries org_id)")
		return nil
	}
	cmd := m.opts.FetchNames(org)
	if cmd == nil {
		m.say("names: a fetch is already running")
		return nil
	}
	m.namesAsked = true
	m.say("names: fetching org " + model.Sanitize(org) + " from the Mist API…")
	return cmd
}

// namesArrived applies fetched names: every cell, filter and picker that
// shows a name is rebuilt with them.
func (m *Model) namesArrived(msg NamesMsg) tea.Cmd {
	if msg.Err != nil {
		m.say(model.Sanitize(msg.Err.Error()))
		return nil
	}
	m.store.Names.AddFileNames(msg.Table)
	m.say(msg.Status)
	return m.rebuild()
}
