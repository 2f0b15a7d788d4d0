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
ALTER TABLE "charge_adjustments" ADD CONSTRAINT "charge_adjustments_org_id_charge_id_charges_org_id_id_fk" FOREIGN KEY ("org_id","charge_id") REFERENCES "public"."charges"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_org_id_customer_id_customers_org_id_id_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_org_id_quote_id_quotes_org_id_id_fk" FOREIGN KEY ("org_id","quote_id") REFERENCES "public"."quotes"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_contracts" ADD CONSTRAINT "customer_contracts_org_id_customer_id_customers_org_id_id_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_links" ADD CONSTRAINT "quote_links_org_id_quote_id_quotes_org_id_id_fk" FOREIGN KEY ("org_id","quote_id") REFERENCES "public"."quotes"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_org_id_customer_id_customers_org_id_id_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_charge_marks" ADD CONSTRAINT "ticket_charge_marks_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "charge_adjustments_charge_idx" ON "charge_adjustments" USING btree ("org_id","charge_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "charges_ticket_key" ON "charges" USING btree ("org_id","ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_contracts_number_key" ON "customer_contracts" USING btree ("org_id","number");--> statement-breakpoint
CREATE INDEX "customer_contracts_customer_idx" ON "customer_contracts" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quote_links_token_key" ON "quote_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "quote_links_quote_idx" ON "quote_links" USING btree ("org_id","quote_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_ticket_number_key" ON "quotes" USING btree ("org_id","ticket_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_ticket_open_key" ON "quotes" USING btree ("org_id","ticket_id") WHERE status = 'open';