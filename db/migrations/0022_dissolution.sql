-- A dissolved association keeps its row, name and id for the other sides of its matches, bookings and feedback;
-- its personal data (contact address, members, keys, inbox, street addresses) is erased when it is dissolved, and
-- it is out of the directory and the profile pages from then on.
ALTER TABLE association ADD COLUMN dissolved_at timestamptz;
