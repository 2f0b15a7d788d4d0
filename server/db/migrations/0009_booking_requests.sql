DROP TABLE "booking_requests" CASCADE;--> statement-breakpoint
CREATE TABLE "booking_requests" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"slot_id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"requests" text[] NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"appointment_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decline_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_requests_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "public_booking_throttles" (
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"count" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	CONSTRAINT "public_booking_throttles_org_id_key_pk" PRIMARY KEY("org_id","key")
);
--> statement-breakpoint
ALTER TABLE "booking_requests" ADD CONSTRAINT "booking_requests_org_id_slot_id_appointment_slots_org_id_id_fk" FOREIGN KEY ("org_id","slot_id") REFERENCES "public"."appointment_slots"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_requests" ADD CONSTRAINT "booking_requests_org_id_appointment_id_appointments_org_id_id_fk" FOREIGN KEY ("org_id","appointment_id") REFERENCES "public"."appointments"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_requests" ADD CONSTRAINT "booking_requests_org_id_decided_by_users_org_id_id_fk" FOREIGN KEY ("org_id","decided_by") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_booking_throttles" ADD CONSTRAINT "public_booking_throttles_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "booking_requests_org_status_idx" ON "booking_requests" USING btree ("org_id","status","submitted_at");--> statement-breakpoint
CREATE INDEX "booking_requests_org_slot_idx" ON "booking_requests" USING btree ("org_id","slot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "booking_requests_org_appointment_key" ON "booking_requests" USING btree ("org_id","appointment_id") WHERE appointment_id is not null;--> statement-breakpoint
CREATE INDEX "public_booking_throttles_org_window_idx" ON "public_booking_throttles" USING btree ("org_id","window_started_at");