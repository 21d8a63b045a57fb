-- Regions (GB/T 2260 six-digit codes), users, sessions and integration clients.
-- A region's subtree is found by code prefix: province xx0000 -> 'xx', city xxxx00 -> 'xxxx'.

CREATE TABLE regions (
  code char(6) PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  name text NOT NULL,
  level text NOT NULL CHECK (level IN ('province', 'city', 'county')),
  parent_code char(6) REFERENCES regions (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX regions_parent_idx ON regions (parent_code);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  password_hash text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN (
    'trainee', 'school_admin', 'school_staff', 'coach',
    'regulator_county', 'regulator_city', 'regulator_province', 'police_liaison'
  )),
  -- Regulators and police liaisons are scoped by region; school users by school; trainees by themselves.
  region_code char(6) REFERENCES regions (code),
  school_id uuid,
  coach_id uuid,
  trainee_id uuid,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  failed_login_count integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  -- SHA-256 of the cookie token: a leaked table does not yield usable cookies.
  token_hash char(64) PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Machines that call the platform with signed requests (timing platforms, the police side, the bank).
CREATE TABLE integration_clients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_key text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('timing_platform', 'police', 'bank', 'upper_platform')),
  region_code char(6) NOT NULL REFERENCES regions (code),
  public_key_pem text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
