package model

import (
	"github.com/mistwatch/mistwatch/model/jsonscan"
)

// wireEvent holds the raw JSON value of every field mistwatch reads from any
// topic, as slices of the message body; fill turns them into an Event.
// A field absent from the event is nil.
type wireEvent struct {
	OrgID, SiteID, SiteName, Time, LastSeen                    []byte
	MAC, ClientID, Client, AP, APID, APName, NextAP, SSID      []byte
	Band, RSSI, Channel, Hostname, CHost, Random, Username     []byte
	ConnAP, ConnBand, ConnRSSI, ConnChannel                    []byte
	Reason, Duration, Family, Model, OS, Maker                 []byte
	ZoneID, RSSIZoneID, VBeaconID, ZoneName, Name, Trigger     []byte
	Occupancy, Limit, AlertEvents                              []byte
	Type, Severity, EvType, DeviceName, MxEdgeName, DeviceMAC  []byte
	Count, Text, Reason2, Message, AdminName, APs, Group, X, Y []byte
	ScanData, Packets, BSSID, MapID                            []byte
}

// field returns where the value of the member named key goes, or nil for a
// member mistwatch does not read.
func (w *wireEvent) field(key string) *[]byte {
	switch key {
	case "org_id":
		return &w.OrgID
	case "site_id":
		return &w.SiteID
	case "site_name":
		return &w.SiteName
	case "timestamp":
		return &w.Time
	case "last_seen":
		return &w.LastSeen
	case "mac":
		return &w.MAC
	case "client_id":
		return &w.ClientID
	case "client":
		return &w.Client
	case "ap":
		return &w.AP
	case "ap_id":
		return &w.APID
	case "ap_name":
		return &w.APName
	case "next_ap":
		return &w.NextAP
	case "ssid":
		return &w.SSID
	case "band":
		return &w.Band
	case "rssi":
		return &w.RSSI
	case "channel":
		return &w.Channel
	case "hostname":
		return &w.Hostname
	case "client_hostname": // undocumented, seen in real deliveries
		return &w.CHost
	case "random_mac":
		return &w.Random
	case "username":
		return &w.Username
	case "connection_ap":
		return &w.ConnAP
	case "connection_band":
		return &w.ConnBand
	case "connection_rssi":
		return &w.ConnRSSI
	case "connection_channel":
		return &w.ConnChannel
	case "termination_reason":
		return &w.Reason
	case "duration":
		return &w.Duration
	case "client_family":
		return &w.Family
	case "client_model":
		return &w.Model
	case "client_os":
		return &w.OS
	case "client_manufacture":
		return &w.Maker
	case "zone_id":
		return &w.ZoneID
	case "rssizone_id":
		return &w.RSSIZoneID
	case "vbeacon_id":
		return &w.VBeaconID
	case "zone_name":
		return &w.ZoneName
	case "name":
		return &w.Name
	case "trigger":
		return &w.Trigger
	case "current_occupancy":
		return &w.Occupancy
	case "occupancy_limit":
		return &w.Limit
	case "alert_events":
		return &w.AlertEvents
	case "type":
		return &w.Type
	case "severity":
		return &w.Severity
	case "ev_type":
		return &w.EvType
	case "device_name":
		return &w.DeviceName
	case "mxedge_name":
		return &w.MxEdgeName
	case "device_mac":
		return &w.DeviceMAC
	case "count":
		return &w.Count
	case "text":
		return &w.Text
	case "reason":
		return &w.Reason2
	case "message":
		return &w.Message
	case "admin_name":
		return &w.AdminName
	case "aps":
		return &w.APs
	case "group":
		return &w.Group
	case "x":
		return &w.X
	case "y":
		return &w.Y
	case "map_id":
		return &w.MapID
	case "scan_data":
		return &w.ScanData
	case "packets":
		return &w.Packets
	case "bssid": // scan_data entries
		return &w.BSSID
	}
	return nil
}

// readObject reads the object that is outer's current value into w and
// returns the object's bytes; a malformed object stops outer.
func readObject(outer *jsonscan.Iter, w *wireEvent) []byte {
	b, start := outer.Bytes(), outer.Pos()
	it, err := jsonscan.Open(b, start, outer.Depth())
	if err != nil {
		outer.Fail(err)
		return nil
	}
	for it.Next() {
		if p := w.field(jsonscan.Name(it.Key(), it.KeyEscaped())); p != nil {
			*p = it.Value()
		} else {
			it.Value()
		}
	}
	end, err := it.End()
	if err != nil {
		outer.Fail(err)
		return nil
	}
	outer.SetPos(end)
	return b[start:end:end]
}
