/**
 * The demo setup the sandbox crawls: two databases with a few schemas each, tables and views
 * with columns, tables that the exclude-regex example `.*_TEST` drops, a materialized view, a
 * partitioned table, a function, and a login role with limited grants for the "missing grants"
 * preflight case. Every statement is idempotent so a persistent server can run it at each start.
 *
 * Counts (all schemas, no filter), relied on by the tests and the docs:
 *   analytics: 4 schemas (public, sales, marketing, staging), 12 tables (incl. the partitioned
 *              table and its 2 partitions), 3 views (incl. 1 materialized), 42 columns, 1 function;
 *              `.*_TEST` drops 3 tables (ORDERS_TEST, customers_TEST, raw_orders_TEST) and 5 columns.
 *   inventory: 3 schemas (public, stock, staging), 4 tables, 1 view, 14 columns, 0 functions;
 *              `.*_TEST` drops 1 table (ITEMS_TEST) and 2 columns.
 */

/** The superuser the demo server is initialised with. Published demo values, loopback only. */
export const DEMO_SUPERUSER = { user: 'postgres', password: 'atlan-sandbox' } as const;

/**
 * A login role that can connect to `analytics` only, sees `public` (with SELECT) and `marketing`
 * (USAGE but no SELECT), and nothing of `sales` or `staging`: the preflight "missing grants" case.
 */
export const DEMO_LIMITED_ROLE = { user: 'atlan_limited', password: 'limited-sandbox' } as const;

export const DEMO_DATABASES = ['analytics', 'inventory'] as const;
export type DemoDatabase = (typeof DEMO_DATABASES)[number];

/** Cluster-wide statements, run in the `postgres` database after the demo databases exist. */
export const CLUSTER_SETUP_SQL = `
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${DEMO_LIMITED_ROLE.user}') THEN
    CREATE ROLE ${DEMO_LIMITED_ROLE.user} LOGIN PASSWORD '${DEMO_LIMITED_ROLE.password}';
  END IF;
END
$$;
REVOKE CONNECT ON DATABASE inventory FROM PUBLIC;
GRANT CONNECT ON DATABASE analytics TO ${DEMO_LIMITED_ROLE.user};
`;

const ANALYTICS_SQL = `
CREATE SCHEMA IF NOT EXISTS sales;
CREATE SCHEMA IF NOT EXISTS marketing;
CREATE SCHEMA IF NOT EXISTS staging;

CREATE TABLE IF NOT EXISTS public.events (
  id bigint PRIMARY KEY,
  name text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE public.events IS 'Product analytics events';

CREATE TABLE IF NOT EXISTS sales.customers (
  id integer PRIMARY KEY,
  name text NOT NULL,
  email text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS sales.orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES sales.customers (id),
  amount numeric(12, 2) NOT NULL,
  ordered_at date NOT NULL
);
COMMENT ON TABLE sales.orders IS 'One row per customer order';
-- Quoted: unquoted names fold to lower case and would escape the case-sensitive regex .*_TEST.
CREATE TABLE IF NOT EXISTS sales."ORDERS_TEST" (id integer PRIMARY KEY, note text);
CREATE TABLE IF NOT EXISTS sales."customers_TEST" (id integer PRIMARY KEY, name text);

CREATE TABLE IF NOT EXISTS sales.order_events (
  order_id integer NOT NULL,
  event text NOT NULL,
  occurred_on date NOT NULL
) PARTITION BY RANGE (occurred_on);
CREATE TABLE IF NOT EXISTS sales.order_events_2024 PARTITION OF sales.order_events
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE IF NOT EXISTS sales.order_events_2025 PARTITION OF sales.order_events
  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

INSERT INTO sales.customers (id, name, email) VALUES
  (1, 'Ada Lovelace', 'ada@example.com'),
  (2, 'Grace Hopper', 'grace@example.com')
ON CONFLICT (id) DO NOTHING;
INSERT INTO sales.orders (id, customer_id, amount, ordered_at) VALUES
  (1, 1, 120.50, '2024-11-02'),
  (2, 2, 75.00, '2025-01-15'),
  (3, 1, 310.25, '2025-02-01')
ON CONFLICT (id) DO NOTHING;

CREATE OR REPLACE VIEW sales.order_totals AS
  SELECT c.id AS customer_id, c.name, coalesce(sum(o.amount), 0) AS total
  FROM sales.customers c LEFT JOIN sales.orders o ON o.customer_id = c.id
  GROUP BY c.id, c.name;
CREATE MATERIALIZED VIEW IF NOT EXISTS sales.monthly_revenue AS
  SELECT date_trunc('month', ordered_at)::date AS month, sum(amount) AS revenue
  FROM sales.orders GROUP BY 1;
CREATE OR REPLACE FUNCTION sales.customer_total(p_customer integer) RETURNS numeric
  LANGUAGE sql STABLE
  AS $fn$ SELECT coalesce(sum(amount), 0) FROM sales.orders WHERE customer_id = p_customer $fn$;

CREATE TABLE IF NOT EXISTS marketing.campaigns (
  id integer PRIMARY KEY,
  name text NOT NULL,
  starts_on date,
  ends_on date,
  budget numeric(12, 2)
);
CREATE TABLE IF NOT EXISTS marketing.leads (
  id integer PRIMARY KEY,
  campaign_id integer REFERENCES marketing.campaigns (id),
  email text NOT NULL
);
CREATE OR REPLACE VIEW marketing.active_campaigns AS
  SELECT id, name FROM marketing.campaigns WHERE current_date BETWEEN starts_on AND ends_on;

CREATE TABLE IF NOT EXISTS staging.raw_orders (payload jsonb, loaded_at timestamptz DEFAULT now());
CREATE TABLE IF NOT EXISTS staging."raw_orders_TEST" (payload jsonb);

GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${DEMO_LIMITED_ROLE.user};
GRANT USAGE ON SCHEMA marketing TO ${DEMO_LIMITED_ROLE.user};
`;

const INVENTORY_SQL = `
CREATE SCHEMA IF NOT EXISTS stock;
CREATE SCHEMA IF NOT EXISTS staging;

CREATE TABLE IF NOT EXISTS public.warehouses (id integer PRIMARY KEY, name text NOT NULL, city text);
CREATE TABLE IF NOT EXISTS stock.items (sku text PRIMARY KEY, name text NOT NULL, unit_price numeric(10, 2));
CREATE TABLE IF NOT EXISTS stock.stock_levels (
  warehouse_id integer REFERENCES public.warehouses (id),
  sku text REFERENCES stock.items (sku),
  quantity integer NOT NULL,
  PRIMARY KEY (warehouse_id, sku)
);
CREATE OR REPLACE VIEW stock.low_stock AS
  SELECT warehouse_id, sku, quantity FROM stock.stock_levels WHERE quantity < 10;
CREATE TABLE IF NOT EXISTS staging."ITEMS_TEST" (sku text, name text);

INSERT INTO public.warehouses (id, name, city) VALUES (1, 'North', 'Oslo'), (2, 'South', 'Lisbon')
ON CONFLICT (id) DO NOTHING;
INSERT INTO stock.items (sku, name, unit_price) VALUES ('A-1', 'Anchor', 12.00), ('B-2', 'Buoy', 40.00)
ON CONFLICT (sku) DO NOTHING;
INSERT INTO stock.stock_levels (warehouse_id, sku, quantity) VALUES (1, 'A-1', 4), (2, 'B-2', 25)
ON CONFLICT (warehouse_id, sku) DO NOTHING;
`;

/** Per-database setup, each run in one transaction inside that database. */
export const DATABASE_SETUP_SQL: Readonly<Record<DemoDatabase, string>> = {
  analytics: ANALYTICS_SQL,
  inventory: INVENTORY_SQL,
};
