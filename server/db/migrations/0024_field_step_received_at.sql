ALTER TABLE "field_steps" ADD COLUMN "received_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "field_steps" ADD COLUMN "late_flagged" boolean DEFAULT false NOT NULL;