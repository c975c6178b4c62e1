-- German places gazetteer (GeoNames, CC BY 4.0), loaded by the application from the shipped CSV.
-- Search keys are computed by the application (ResourceShare.Domain.Places.PlaceNames) so that the query
-- normalises its input with exactly the same rules: lower case, accents stripped, ß → ss; translit_key
-- additionally writes umlauts as ae/oe/ue, so both "munchen" and "muenchen" find München.
CREATE TABLE place (
    geonames_id      integer PRIMARY KEY,
    name             text             NOT NULL,
    state            text             NOT NULL,
    municipality_key text,
    latitude         double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude        double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    population       integer          NOT NULL CHECK (population >= 0),
    search_key       text COLLATE "C" NOT NULL,
    translit_key     text COLLATE "C" NOT NULL
);

-- Prefix search is a range scan [key, key + U+FFFF) on these C-collated keys, which a parameterised (and
-- prepared) statement can use, unlike LIKE 'prefix%'.
CREATE INDEX place_search_key_idx ON place (search_key);
CREATE INDEX place_translit_key_idx ON place (translit_key);
