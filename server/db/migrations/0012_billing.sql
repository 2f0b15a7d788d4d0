CREATE TABLE "ticket_accounts" (
	"org_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"charged_fen" bigint DEFAULT 0 NOT NULL,
	"collected_fen" bigint DEFAULT 0 NOT NULL,
	"costs_fen" bigint DEFAULT 0 NOT NULL,
	"charged_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "ticket_accounts_org_id_ticket_id_pk" PRIMARY KEY("org_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "charge_adjustments" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"charge_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"line" jsonb NOT NULL,
	"from_fen" bigint NOT NULL,
	"to_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"signature_attachment_id" uuid,
	"signer_name" text,
	CONSTRAINT "charge_adjustments_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "charges" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"quote_id" uuid NOT NULL,
	"basis" text NOT NULL,
	"lines" jsonb NOT NULL,
	"total_fen" bigint NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"explained_at" timestamp with time zone,
	"explained_by" uuid,
	"explanation_attachment_id" uuid,
	"explanation_signer_name" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "charges_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"buyer_title" text NOT NULL,
	"buyer_tax_number" text,
	"amount_fen" bigint NOT NULL,
	"reverses_id" uuid,
	"reason" text,
	"number" text,
	"issued_on" date,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"issued_by" uuid,
	"issued_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "invoices_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"method" text NOT NULL,
	"reference" text,
	"reason" text,
	"received_by" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "ticket_costs" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"note" text,
	"status" text NOT NULL,
	"entered_by" uuid NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reject_reason" text,
	"receipt_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "ticket_costs_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "customer_contracts" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"number" text NOT NULL,
	"day_rate_fen" bigint,
	"hour_rate_fen" bigint,
	"valid_from" date,
	"valid_to" date,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_contracts_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "labour_rates" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"unit" text NOT NULL,
	"asset_kind" text,
	"product_line" text,
	"grade" text,
	"rate_fen" bigint NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "labour_rates_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "quote_link_throttles" (
	"key" text NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "quote_link_throttles_key_pk" PRIMARY KEY("key")
);
--> statement-breakpoint
CREATE TABLE "quote_links" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"quote_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quote_links_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "quotes" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text NOT NULL,
	"lines" jsonb NOT NULL,
	"total_fen" bigint NOT NULL,
	"discount_bp" integer DEFAULT 0 NOT NULL,
	"booking_discount_bp" integer DEFAULT 0 NOT NULL,
	"customer_caused" boolean DEFAULT false NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"note" text,
	"valid_until" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_via" text,
	"signature_attachment_id" uuid,
	"signer_name" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "quotes_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "ticket_charge_marks" (
	"org_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_caused" boolean NOT NULL,
	"reason" text,
	"marked_by" uuid NOT NULL,
	"marked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_charge_marks_org_id_ticket_id_pk" PRIMARY KEY("org_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "rma_product_doa_days" (
	"org_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"doa_days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rma_product_doa_days_org_id_product_id_pk" PRIMARY KEY("org_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "rma_units" (
	"org_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"stage" text DEFAULT 'registered' NOT NULL,
	"asset_id" uuid,
	"product_id" uuid,
	"product_name" text,
	"serial_number" text,
	"inbound_carrier" text,
	"inbound_tracking" text,
	"received_at" timestamp with time zone,
	"condition" text,
	"accessories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"lot_number" text,
	"serial_from" text,
	"serial_to" text,
	"warranty_state" text,
	"warranty_reason" text,
	"warranty_basis" text,
	"warranty_starts_on" date,
	"warranty_ends_on" date,
	"warranty_months" integer,
	"proof_purchased_on" date,
	"proof_attachment_id" uuid,
	"warranty_decided_on" date,
	"warranty_decided_at" timestamp with time zone,
	"outcome" text,
	"replacement_serial" text,
	"repaired_at" timestamp with time zone,
	"qc_rounds" integer DEFAULT 0 NOT NULL,
	"qc_failures" integer DEFAULT 0 NOT NULL,
	"qc_passed_at" timestamp with time zone,
	"outbound_carrier" text,
	"outbound_tracking" text,
	"shipped_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"doa_suggested" boolean DEFAULT false NOT NULL,
	"doa_basis" text,
	"doa_days_after" integer,
	"doa_limit_days" integer,
	"doa" boolean DEFAULT false NOT NULL,
	"doa_fault" text,
	"doa_at" timestamp with time zone,
	"advance_carrier" text,
	"advance_tracking" text,
	"advance_serial" text,
	"advance_deposit_fen" bigint,
	"advance_shipped_at" timestamp with time zone,
	"advance_due_on" date,
	"advance_returned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "rma_units_org_id_ticket_id_pk" PRIMARY KEY("org_id","ticket_id")
);
--> statement-breakpoint
ALTER TABLE "ticket_accounts" ADD CONSTRAINT "ticket_accounts_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_accounts" ADD CONSTRAINT "ticket_accounts_org_id_customer_id_customers_org_id_id_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_adjustments" ADD CONSTRAINT "charge_adjustments_org_id_charge_id_charges_org_id_id_fk" FOREIGN KEY ("org_id","charge_id") REFERENCES "public"."charges"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_org_id_customer_id_customers_org_id_id_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_org_id_quote_id_quotes_org_id_id_fk" FOREIGN KEY ("org_id","quote_id") REFERENCES "public"."quotes"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_org_id_reverses_id_invoices_org_id_id_fk" FOREIGN KEY ("org_id","reverses_id") REFERENCES "public"."invoices"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_costs" ADD CONSTRAINT "ticket_costs_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_contracts" ADD CONSTRAINT "customer_contracts_org_id_customer_id_customers_org_id_id_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_links" ADD CONSTRAINT "quote_links_org_id_quote_id_quotes_org_id_id_fk" FOREIGN KEY ("org_id","quote_id") REFERENCES "public"."quotes"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_org_id_customer_id_customers_org_id_id_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_charge_marks" ADD CONSTRAINT "ticket_charge_marks_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rma_product_doa_days" ADD CONSTRAINT "rma_product_doa_days_org_id_product_id_products_org_id_id_fk" FOREIGN KEY ("org_id","product_id") REFERENCES "public"."products"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rma_units" ADD CONSTRAINT "rma_units_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_accounts_owed_idx" ON "ticket_accounts" USING btree ("org_id","charged_at","ticket_id") WHERE charged_fen > collected_fen;--> statement-breakpoint
CREATE INDEX "ticket_accounts_customer_owed_idx" ON "ticket_accounts" USING btree ("org_id","customer_id","charged_at","ticket_id") WHERE charged_fen > collected_fen;--> statement-breakpoint
CREATE INDEX "ticket_accounts_customer_idx" ON "ticket_accounts" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE INDEX "charge_adjustments_charge_idx" ON "charge_adjustments" USING btree ("org_id","charge_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "charges_ticket_key" ON "charges" USING btree ("org_id","ticket_id");--> statement-breakpoint
CREATE INDEX "invoices_ticket_idx" ON "invoices" USING btree ("org_id","ticket_id");--> statement-breakpoint
CREATE INDEX "invoices_reverses_idx" ON "invoices" USING btree ("org_id","reverses_id") WHERE reverses_id is not null;--> statement-breakpoint
CREATE INDEX "payments_ticket_idx" ON "payments" USING btree ("org_id","ticket_id","received_at");--> statement-breakpoint
CREATE INDEX "payments_received_idx" ON "payments" USING btree ("org_id","received_at");--> statement-breakpoint
CREATE INDEX "ticket_costs_ticket_idx" ON "ticket_costs" USING btree ("org_id","ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_costs_pending_idx" ON "ticket_costs" USING btree ("org_id","entered_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "ticket_costs_entered_idx" ON "ticket_costs" USING btree ("org_id","entered_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_contracts_number_key" ON "customer_contracts" USING btree ("org_id","number");--> statement-breakpoint
CREATE INDEX "customer_contracts_customer_idx" ON "customer_contracts" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quote_links_token_key" ON "quote_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "quote_links_quote_idx" ON "quote_links" USING btree ("org_id","quote_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_ticket_number_key" ON "quotes" USING btree ("org_id","ticket_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_ticket_open_key" ON "quotes" USING btree ("org_id","ticket_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "rma_units_received_idx" ON "rma_units" USING btree ("org_id","received_at");--> statement-breakpoint
CREATE INDEX "rma_units_advance_due_idx" ON "rma_units" USING btree ("org_id","advance_due_on") WHERE advance_shipped_at is not null and advance_returned_at is null;