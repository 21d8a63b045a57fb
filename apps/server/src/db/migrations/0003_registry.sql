-- The school registry: schools and what they file (coaches, vehicles, terminals, teaching areas,
-- class types, recruitment points) plus the trainee roster. Coordinates are WGS-84 degrees.
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;

CREATE TABLE schools (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  short_name text NOT NULL,
  credit_code char(18) NOT NULL UNIQUE,
  licence_number text NOT NULL UNIQUE,
  grade smallint NOT NULL CHECK (grade BETWEEN 1 AND 3),
  licence_classes text[] NOT NULL,
  county_code char(6) NOT NULL REFERENCES regions (code),
  address text NOT NULL,
  latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  phone text NOT NULL,
  introduction text NOT NULL DEFAULT '',
  photos jsonb NOT NULL DEFAULT '[]'::jsonb,
  status text NOT NULL DEFAULT 'operating'
    CHECK (status IN ('operating', 'enrolment_stopped', 'suspended', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX schools_county_idx ON schools (county_code);
-- Nearest-neighbour search by distance (earthdistance + GiST KNN).
CREATE INDEX schools_location_idx ON schools USING gist (ll_to_earth(latitude, longitude));

ALTER TABLE users ADD CONSTRAINT users_school_fk FOREIGN KEY (school_id) REFERENCES schools (id);

CREATE TABLE coaches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id),
  coach_number char(16) NOT NULL UNIQUE CHECK (coach_number ~ '^[0-9]{16}$'),
  name text NOT NULL,
  gender text NOT NULL CHECK (gender IN ('male', 'female')),
  -- Identity number: AES-GCM ciphertext, a keyed hash for exact lookups, and the masked form lists show.
  id_number_cipher text NOT NULL,
  id_number_hash char(64) NOT NULL UNIQUE,
  id_number_masked text NOT NULL,
  phone text NOT NULL,
  licence_classes text[] NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'left')),
  hired_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coaches_school_idx ON coaches (school_id);

CREATE TABLE vehicles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id),
  plate text NOT NULL UNIQUE,
  licence_class text NOT NULL,
  make text NOT NULL,
  model text NOT NULL,
  inspection_valid_until date NOT NULL,
  last_maintained_on date NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'scrapped')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vehicles_school_idx ON vehicles (school_id);

CREATE TABLE terminals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id),
  terminal_number char(16) NOT NULL UNIQUE CHECK (terminal_number ~ '^[0-9A-Z]{16}$'),
  imei char(15) NOT NULL UNIQUE CHECK (imei ~ '^[0-9]{15}$'),
  sim_number text NOT NULL UNIQUE,
  vehicle_id uuid UNIQUE REFERENCES vehicles (id),
  maker text NOT NULL,
  model text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX terminals_school_idx ON terminals (school_id);

CREATE TABLE teaching_areas (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('training_ground', 'road_route')),
  licence_classes text[] NOT NULL,
  -- GeoJSON Polygon (WGS-84, [lon, lat] pairs, first ring outer) as filed; the bounding box lets
  -- fence checks skip polygons cheaply.
  polygon jsonb NOT NULL,
  min_latitude double precision NOT NULL,
  min_longitude double precision NOT NULL,
  max_latitude double precision NOT NULL,
  max_longitude double precision NOT NULL,
  area_m2 integer NOT NULL CHECK (area_m2 > 0),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX teaching_areas_school_idx ON teaching_areas (school_id);

CREATE TABLE class_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id),
  name text NOT NULL,
  licence_class text NOT NULL,
  price_fen bigint NOT NULL CHECK (price_fen >= 0),
  inclusions text[] NOT NULL DEFAULT '{}',
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'on_sale' CHECK (status IN ('on_sale', 'withdrawn')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX class_types_school_idx ON class_types (school_id);

CREATE TABLE recruitment_points (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id),
  name text NOT NULL,
  address text NOT NULL,
  county_code char(6) NOT NULL REFERENCES regions (code),
  latitude double precision NOT NULL,
  longitude double precision NOT NULL,
  phone text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recruitment_points_school_idx ON recruitment_points (school_id);

CREATE TABLE trainees (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id),
  name text NOT NULL,
  gender text NOT NULL CHECK (gender IN ('male', 'female')),
  id_number_cipher text NOT NULL,
  id_number_hash char(64) NOT NULL,
  id_number_masked text NOT NULL,
  phone text NOT NULL,
  licence_class text NOT NULL,
  class_type_id uuid REFERENCES class_types (id),
  enrolled_on date NOT NULL,
  status text NOT NULL DEFAULT 'training' CHECK (status IN ('training', 'graduated', 'withdrawn')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trainees_school_idx ON trainees (school_id);
CREATE INDEX trainees_id_number_idx ON trainees (id_number_hash);

ALTER TABLE users ADD CONSTRAINT users_coach_fk FOREIGN KEY (coach_id) REFERENCES coaches (id);
ALTER TABLE users ADD CONSTRAINT users_trainee_fk FOREIGN KEY (trainee_id) REFERENCES trainees (id);
