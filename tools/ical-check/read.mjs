// Reads an iCalendar file (RFC 5545) with ical.js and prints what a calendar program imports from it, as JSON:
// the time zones it defines and every event with its start and end in UTC, computed from the file's own VTIMEZONE.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
const timeZones = calendar.getAllSubcomponents("vtimezone").map(component => {
  const zone = new ICAL.Timezone(component);
  ICAL.TimezoneService.register(zone);
  return zone.tzid;
});
const events = calendar.getAllSubcomponents("vevent").map(component => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    status: component.getFirstPropertyValue("status"),
    sequence: event.sequence,
    startTzid: component.getFirstProperty("dtstart").getParameter("tzid") ?? null,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
  };
});
process.stdout.write(JSON.stringify({ timeZones, events }));
