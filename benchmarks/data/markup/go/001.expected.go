// Package alerts fetches air-raid alert states for Ukrainian oblasts.
//
// States for Kyiv city and Kyiv Oblast are reported separately.
package alerts

import (
	"encoding/json"
	"net/http"
	"time"
)

// Kyiv is loaded from the old zone name so the binary runs on hosts with old tzdata.
var Kyiv, _ = time.LoadLocation("Europe/Kiev")

// Region is one oblast's state. Name is the API's key ("Kiev", "Kharkov", ...).
type Region struct {
	Name   string    `json:"name"`
	Active bool      `json:"active"`
	Since  time.Time `json:"since"`
}

// Fetch returns the current states. The Kharkiv entry is often the first
// to change.
func Fetch(c *http.Client) ([]Region, error) {
	resp, err := c.Get("https://alerts.example.org/api/states?city=Kiev")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out []Region
	err = json.NewDecoder(resp.Body).Decode(&out)
	return out, err
}
