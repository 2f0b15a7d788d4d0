CREATE TABLE "loaner_equivalents" (
	"org_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"equivalent_id" uuid NOT NULL,
	"rank" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "loaner_equivalents_org_id_product_id_equivalent_id_pk" PRIMARY KEY("org_id","product_id","equivalent_id"),
	CONSTRAINT "loaner_equivalents_not_self" CHECK (product_id <> equivalent_id)
);
--> statement-breakpoint
CREATE TABLE "loaner_units" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"serial" text NOT NULL,
	"home_location_id" uuid NOT NULL,
	"status" text DEFAULT 'available' NOT NULL,
	"ticket_id" uuid,
	"customer_id" uuid,
	"lent_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "loaner_units_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "old_part_returns" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"ticket_part_id" uuid,
	"part_id" uuid NOT NULL,
	"technician_id" uuid NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"returned_at" timestamp with time zone,
	"received_by" uuid,
	"location_id" uuid,
	"serial" text,
	"condition" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "old_part_returns_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "part_categories" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "part_categories_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "part_contract_prices" (
	"org_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"price_fen" integer NOT NULL,
	CONSTRAINT "part_contract_prices_org_id_customer_id_part_id_pk" PRIMARY KEY("org_id","customer_id","part_id"),
	CONSTRAINT "part_contract_prices_nonnegative" CHECK (price_fen >= 0)
);
--> statement-breakpoint
CREATE TABLE "part_fits" (
	"org_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	CONSTRAINT "part_fits_org_id_part_id_product_id_pk" PRIMARY KEY("org_id","part_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "part_substitutes" (
	"org_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"substitute_id" uuid NOT NULL,
	"rank" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "part_substitutes_org_id_part_id_substitute_id_pk" PRIMARY KEY("org_id","part_id","substitute_id"),
	CONSTRAINT "part_substitutes_not_self" CHECK (part_id <> substitute_id)
);
--> statement-breakpoint
CREATE TABLE "parts" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"number" text NOT NULL,
	"name" text NOT NULL,
	"category_id" uuid NOT NULL,
	"unit" text NOT NULL,
	"divisible" boolean DEFAULT false NOT NULL,
	"cost_price_fen" integer NOT NULL,
	"contract_price_fen" integer,
	"retail_price_fen" integer NOT NULL,
	"serial_tracked" boolean DEFAULT false NOT NULL,
	"discontinued" boolean DEFAULT false NOT NULL,
	"fits_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parts_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "parts_prices_nonnegative" CHECK (cost_price_fen >= 0 and retail_price_fen >= 0 and (contract_price_fen is null or contract_price_fen >= 0))
);
--> statement-breakpoint
CREATE TABLE "reorder_rules" (
	"org_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"reorder_point" numeric(14, 3) NOT NULL,
	"reorder_quantity" numeric(14, 3) NOT NULL,
	CONSTRAINT "reorder_rules_org_id_part_id_location_id_pk" PRIMARY KEY("org_id","part_id","location_id"),
	CONSTRAINT "reorder_rules_nonnegative" CHECK (reorder_point >= 0 and reorder_quantity > 0)
);
--> statement-breakpoint
CREATE TABLE "requisition_lines" (
	"org_id" uuid NOT NULL,
	"requisition_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"part_id" uuid NOT NULL,
	"ticket_id" uuid,
	"quantity" numeric(14, 3) NOT NULL,
	"issued_quantity" numeric(14, 3),
	"serials" text[],
	CONSTRAINT "requisition_lines_org_id_requisition_id_line_no_pk" PRIMARY KEY("org_id","requisition_id","line_no"),
	CONSTRAINT "requisition_lines_positive" CHECK (quantity > 0)
);
--> statement-breakpoint
CREATE TABLE "requisitions" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"number" text NOT NULL,
	"technician_id" uuid NOT NULL,
	"to_location_id" uuid NOT NULL,
	"from_location_id" uuid,
	"for_day" date NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"issued_by" uuid,
	"issued_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "requisitions_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "stock_balances" (
	"org_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"on_hand" numeric(14, 3) DEFAULT 0 NOT NULL,
	"reserved" numeric(14, 3) DEFAULT 0 NOT NULL,
	"in_transit" numeric(14, 3) DEFAULT 0 NOT NULL,
	"last_moved_at" timestamp with time zone,
	"last_consumed_at" timestamp with time zone,
	CONSTRAINT "stock_balances_org_id_part_id_location_id_pk" PRIMARY KEY("org_id","part_id","location_id"),
	CONSTRAINT "stock_balances_never_negative" CHECK (on_hand >= 0 and reserved >= 0 and in_transit >= 0 and reserved <= on_hand)
);
--> statement-breakpoint
CREATE TABLE "stock_count_lines" (
	"org_id" uuid NOT NULL,
	"count_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"expected" numeric(14, 3) NOT NULL,
	"counted" numeric(14, 3),
	"counted_by" uuid,
	"counted_at" timestamp with time zone,
	CONSTRAINT "stock_count_lines_org_id_count_id_part_id_pk" PRIMARY KEY("org_id","count_id","part_id"),
	CONSTRAINT "stock_count_lines_nonnegative" CHECK (counted is null or counted >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_counts" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"number" text NOT NULL,
	"location_id" uuid NOT NULL,
	"status" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"posted_by" uuid,
	"posted_at" timestamp with time zone,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "stock_counts_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "stock_locations" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"owner_user_id" uuid,
	"site_id" uuid,
	"latitude" numeric,
	"longitude" numeric,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_locations_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "stock_moves" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"move_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"part_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"on_hand_delta" numeric(14, 3) DEFAULT 0 NOT NULL,
	"reserved_delta" numeric(14, 3) DEFAULT 0 NOT NULL,
	"in_transit_delta" numeric(14, 3) DEFAULT 0 NOT NULL,
	"serial" text,
	"unit_cost_fen" integer,
	"ticket_id" uuid,
	"document_id" uuid,
	"reason" text,
	"actor_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "stock_moves_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "stock_serials" (
	"org_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"serial" text NOT NULL,
	"location_id" uuid,
	"asset_id" uuid,
	"ticket_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_serials_org_id_part_id_serial_pk" PRIMARY KEY("org_id","part_id","serial")
);
--> statement-breakpoint
CREATE TABLE "stock_transfers" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"number" text NOT NULL,
	"from_location_id" uuid NOT NULL,
	"to_location_id" uuid NOT NULL,
	"status" text NOT NULL,
	"sent_by" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"received_by" uuid,
	"received_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "stock_transfers_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "stock_transfers_distinct" CHECK (from_location_id <> to_location_id)
);
--> statement-breakpoint
CREATE TABLE "ticket_parts" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"status" text NOT NULL,
	"location_id" uuid,
	"serial" text,
	"removed_serial" text,
	"in_warranty" boolean,
	"unit_cost_fen" integer,
	"unit_price_fen" integer,
	"proposed_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "ticket_parts_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "ticket_parts_positive" CHECK (quantity > 0)
);
--> statement-breakpoint
ALTER TABLE "loaner_equivalents" ADD CONSTRAINT "loaner_equivalents_org_id_product_id_products_org_id_id_fk" FOREIGN KEY ("org_id","product_id") REFERENCES "public"."products"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loaner_equivalents" ADD CONSTRAINT "loaner_equivalents_org_id_equivalent_id_products_org_id_id_fk" FOREIGN KEY ("org_id","equivalent_id") REFERENCES "public"."products"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loaner_units" ADD CONSTRAINT "loaner_units_org_id_product_id_products_org_id_id_fk" FOREIGN KEY ("org_id","product_id") REFERENCES "public"."products"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loaner_units" ADD CONSTRAINT "loaner_units_org_id_home_location_id_stock_locations_org_id_id_fk" FOREIGN KEY ("org_id","home_location_id") REFERENCES "public"."stock_locations"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loaner_units" ADD CONSTRAINT "loaner_units_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "old_part_returns" ADD CONSTRAINT "old_part_returns_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "old_part_returns" ADD CONSTRAINT "old_part_returns_org_id_part_id_parts_org_id_id_fk" FOREIGN KEY ("org_id","part_id") REFERENCES "public"."parts"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "old_part_returns" ADD CONSTRAINT "old_part_returns_org_id_technician_id_users_org_id_id_fk" FOREIGN KEY ("org_id","technician_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_categories" ADD CONSTRAINT "part_categories_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_contract_prices" ADD CONSTRAINT "part_contract_prices_org_id_part_id_parts_org_id_id_fk" FOREIGN KEY ("org_id","part_id") REFERENCES "public"."parts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_contract_prices" ADD CONSTRAINT "part_contract_prices_org_id_customer_id_customers_org_id_id_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_fits" ADD CONSTRAINT "part_fits_org_id_part_id_parts_org_id_id_fk" FOREIGN KEY ("org_id","part_id") REFERENCES "public"."parts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_fits" ADD CONSTRAINT "part_fits_org_id_product_id_products_org_id_id_fk" FOREIGN KEY ("org_id","product_id") REFERENCES "public"."products"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_substitutes" ADD CONSTRAINT "part_substitutes_org_id_part_id_parts_org_id_id_fk" FOREIGN KEY ("org_id","part_id") REFERENCES "public"."parts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_substitutes" ADD CONSTRAINT "part_substitutes_org_id_substitute_id_parts_org_id_id_fk" FOREIGN KEY ("org_id","substitute_id") REFERENCES "public"."parts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parts" ADD CONSTRAINT "parts_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parts" ADD CONSTRAINT "parts_org_id_category_id_part_categories_org_id_id_fk" FOREIGN KEY ("org_id","category_id") REFERENCES "public"."part_categories"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reorder_rules" ADD CONSTRAINT "reorder_rules_org_id_part_id_parts_org_id_id_fk" FOREIGN KEY ("org_id","part_id") REFERENCES "public"."parts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reorder_rules" ADD CONSTRAINT "reorder_rules_org_id_location_id_stock_locations_org_id_id_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."stock_locations"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD CONSTRAINT "requisition_lines_org_id_requisition_id_requisitions_org_id_id_fk" FOREIGN KEY ("org_id","requisition_id") REFERENCES "public"."requisitions"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD CONSTRAINT "requisition_lines_org_id_part_id_parts_org_id_id_fk" FOREIGN KEY ("org_id","part_id") REFERENCES "public"."parts"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requisition_lines" ADD CONSTRAINT "requisition_lines_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requisitions" ADD CONSTRAINT "requisitions_org_id_technician_id_users_org_id_id_fk" FOREIGN KEY ("org_id","technician_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requisitions" ADD CONSTRAINT "requisitions_org_id_to_location_id_stock_locations_org_id_id_fk" FOREIGN KEY ("org_id","to_location_id") REFERENCES "public"."stock_locations"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requisitions" ADD CONSTRAINT "requisitions_org_id_from_location_id_stock_locations_org_id_id_fk" FOREIGN KEY ("org_id","from_location_id") REFERENCES "public"."stock_locations"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_org_id_part_id_parts_org_id_id_fk" FOREIGN KEY ("org_id","part_id") REFERENCES "public"."parts"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_org_id_location_id_stock_locations_org_id_id_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."stock_locations"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_org_id_count_id_stock_counts_org_id_id_fk" FOREIGN KEY ("org_id","count_id") REFERENCES "public"."stock_counts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_org_id_part_id_parts_org_id_id_fk" FOREIGN KEY ("org_id","part_id") REFERENCES "public"."parts"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_org_id_location_id_stock_locations_org_id_id_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."stock_locations"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_locations" ADD CONSTRAINT "stock_locations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_locations" ADD CONSTRAINT "stock_locations_org_id_owner_user_id_users_org_id_id_fk" FOREIGN KEY ("org_id","owner_user_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_locations" ADD CONSTRAINT "stock_locations_org_id_site_id_sites_org_id_id_fk" FOREIGN KEY ("org_id","site_id") REFERENCES "public"."sites"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_moves" ADD CONSTRAINT "stock_moves_org_id_part_id_parts_org_id_id_fk" FOREIGN KEY ("org_id","part_id") REFERENCES "public"."parts"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_moves" ADD CONSTRAINT "stock_moves_org_id_location_id_stock_locations_org_id_id_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."stock_locations"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_serials" ADD CONSTRAINT "stock_serials_org_id_part_id_parts_org_id_id_fk" FOREIGN KEY ("org_id","part_id") REFERENCES "public"."parts"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_serials" ADD CONSTRAINT "stock_serials_org_id_location_id_stock_locations_org_id_id_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."stock_locations"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_org_id_from_location_id_stock_locations_org_id_id_fk" FOREIGN KEY ("org_id","from_location_id") REFERENCES "public"."stock_locations"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_org_id_to_location_id_stock_locations_org_id_id_fk" FOREIGN KEY ("org_id","to_location_id") REFERENCES "public"."stock_locations"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_parts" ADD CONSTRAINT "ticket_parts_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_parts" ADD CONSTRAINT "ticket_parts_org_id_part_id_parts_org_id_id_fk" FOREIGN KEY ("org_id","part_id") REFERENCES "public"."parts"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_parts" ADD CONSTRAINT "ticket_parts_org_id_location_id_stock_locations_org_id_id_fk" FOREIGN KEY ("org_id","location_id") REFERENCES "public"."stock_locations"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "loaner_units_serial_key" ON "loaner_units" USING btree ("org_id","product_id","serial");--> statement-breakpoint
CREATE INDEX "loaner_units_pool_idx" ON "loaner_units" USING btree ("org_id","home_location_id","product_id") WHERE status = 'available';--> statement-breakpoint
CREATE UNIQUE INDEX "loaner_units_ticket_key" ON "loaner_units" USING btree ("org_id","ticket_id") WHERE status = 'lent';--> statement-breakpoint
CREATE INDEX "old_part_returns_open_idx" ON "old_part_returns" USING btree ("org_id","technician_id","due_at") WHERE returned_at is null;--> statement-breakpoint
CREATE INDEX "old_part_returns_ticket_idx" ON "old_part_returns" USING btree ("org_id","ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "part_categories_name_key" ON "part_categories" USING btree ("org_id","name");--> statement-breakpoint
CREATE INDEX "part_fits_product_idx" ON "part_fits" USING btree ("org_id","product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "parts_number_key" ON "parts" USING btree ("org_id","number");--> statement-breakpoint
CREATE INDEX "parts_org_category_idx" ON "parts" USING btree ("org_id","category_id");--> statement-breakpoint
CREATE UNIQUE INDEX "requisitions_number_key" ON "requisitions" USING btree ("org_id","number");--> statement-breakpoint
CREATE INDEX "requisitions_status_idx" ON "requisitions" USING btree ("org_id","status","for_day");--> statement-breakpoint
CREATE INDEX "requisitions_technician_idx" ON "requisitions" USING btree ("org_id","technician_id","for_day");--> statement-breakpoint
CREATE INDEX "stock_balances_location_idx" ON "stock_balances" USING btree ("org_id","location_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_counts_number_key" ON "stock_counts" USING btree ("org_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_locations_name_key" ON "stock_locations" USING btree ("org_id","name");--> statement-breakpoint
CREATE INDEX "stock_locations_owner_idx" ON "stock_locations" USING btree ("org_id","owner_user_id");--> statement-breakpoint
CREATE INDEX "stock_moves_part_location_idx" ON "stock_moves" USING btree ("org_id","part_id","location_id","at");--> statement-breakpoint
CREATE INDEX "stock_moves_ticket_idx" ON "stock_moves" USING btree ("org_id","ticket_id") WHERE ticket_id is not null;--> statement-breakpoint
CREATE INDEX "stock_moves_document_idx" ON "stock_moves" USING btree ("org_id","document_id") WHERE document_id is not null;--> statement-breakpoint
CREATE INDEX "stock_moves_consumption_idx" ON "stock_moves" USING btree ("org_id","part_id","at") WHERE kind = 'consume';--> statement-breakpoint
CREATE INDEX "stock_serials_location_idx" ON "stock_serials" USING btree ("org_id","location_id","part_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_transfers_number_key" ON "stock_transfers" USING btree ("org_id","number");--> statement-breakpoint
CREATE INDEX "stock_transfers_open_idx" ON "stock_transfers" USING btree ("org_id","to_location_id") WHERE status = 'in_transit';--> statement-breakpoint
CREATE INDEX "ticket_parts_ticket_idx" ON "ticket_parts" USING btree ("org_id","ticket_id");--> statement-breakpoint
CREATE VIEW "public"."product_ref_v" AS (select "org_id", "id", "name", "brand", "model", "category", "kind" from "products");