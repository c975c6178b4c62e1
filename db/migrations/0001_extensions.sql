-- Extensions the schema relies on. Both are "trusted" (PostgreSQL 13+), so the database owner can create
-- them without superuser rights; earthdistance is not, which is why distances use core point/box GiST
-- indexes and the haversine function below instead.
-- btree_gist: exclusion constraints mixing "=" on ids with "&&" on time ranges (bookings never overlap).
CREATE EXTENSION IF NOT EXISTS btree_gist;
-- unaccent: accent-insensitive German full text search.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Great-circle distance in kilometres between two WGS84 points given as point(longitude, latitude).
-- Radius searches first narrow by a GiST-indexed bounding box (point <@ box), then filter exactly with this.
CREATE FUNCTION distance_km(a point, b point) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN 2 * 6371.0088 * asin(least(1.0, sqrt(
        power(sin(radians(b[1] - a[1]) / 2), 2)
        + cos(radians(a[1])) * cos(radians(b[1])) * power(sin(radians(b[0] - a[0]) / 2), 2))));
