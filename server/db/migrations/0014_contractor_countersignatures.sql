CREATE TABLE "contractor_countersignatures" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contractor_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"work_quantity" text,
	"cost_basis_fen" bigint NOT NULL,
	"rate_bp" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text,
	"ledger_line_id" uuid,
	"signer_name" text,
	"signature_attachment_id" uuid,
	"signed_by" uuid,
	"signed_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contractor_countersignatures_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "contractor_countersignatures" ADD CONSTRAINT "contractor_countersignatures_org_id_contractor_id_contractors_org_id_id_fk" FOREIGN KEY ("org_id","contractor_id") REFERENCES "public"."contractors"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_countersignatures" ADD CONSTRAINT "contractor_countersignatures_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contractor_countersignatures" ADD CONSTRAINT "contractor_countersignatures_org_id_ledger_line_id_contractor_deposit_ledger_org_id_id_fk" FOREIGN KEY ("org_id","ledger_line_id") REFERENCES "public"."contractor_deposit_ledger"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contractor_countersignatures_contractor_idx" ON "contractor_countersignatures" USING btree ("org_id","contractor_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "contractor_countersignatures_line_key" ON "contractor_countersignatures" USING btree ("org_id","ledger_line_id") WHERE ledger_line_id is not null;