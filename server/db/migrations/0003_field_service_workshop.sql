CREATE TABLE "appointment_slots" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"slot_on" date NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"service_type" text DEFAULT '' NOT NULL,
	"team" text DEFAULT '' NOT NULL,
	"capacity" integer NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	"open" boolean DEFAULT true NOT NULL,
	"template_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_slots_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "appointment_slots_booked_within_capacity" CHECK ("appointment_slots"."booked" >= 0 and "appointment_slots"."booked" <= "appointment_slots"."capacity")
);
--> statement-breakpoint
CREATE TABLE "appointment_templates" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"service_type" text DEFAULT '' NOT NULL,
	"team" text DEFAULT '' NOT NULL,
	"weekdays" integer[] NOT NULL,
	"windows" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_templates_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"slot_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"asset_id" uuid,
	"channel" text NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"requests" text[] NOT NULL,
	"technician_id" uuid,
	"contact_name" text,
	"contact_phone" text,
	"note" text,
	"discount_bp" integer NOT NULL,
	"ticket_id" uuid,
	"created_by" uuid,
	"booked_at" timestamp with time zone NOT NULL,
	"arrived_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"no_show_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointments_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "booking_links" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"rotated_at" timestamp with time zone NOT NULL,
	"rotated_by" uuid,
	CONSTRAINT "booking_links_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "booking_requests" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ip" text NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "booking_requests_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "contact_attempts" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"note" text,
	"phone" text,
	"actor_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"failed_count" integer NOT NULL,
	"retry_at" timestamp with time zone,
	"clerk_notified" boolean DEFAULT false NOT NULL,
	CONSTRAINT "contact_attempts_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "follow_up_tasks" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ticket_id" uuid,
	"customer_id" uuid NOT NULL,
	"address_id" uuid,
	"note" text,
	"due_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	CONSTRAINT "follow_up_tasks_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "technician_certificates" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"number" text,
	"issued_on" date,
	"expires_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "technician_certificates_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "technician_exams" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"product_line" text NOT NULL,
	"score" integer NOT NULL,
	"passed" boolean NOT NULL,
	"attempt" integer NOT NULL,
	"taken_on" date NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "technician_exams_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "technician_leaves" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"approved" boolean DEFAULT false NOT NULL,
	"approved_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "technician_leaves_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "technician_leaves_span_check" CHECK ("technician_leaves"."ends_at" > "technician_leaves"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "technician_profiles" (
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"vehicle_plate" text,
	"vehicle_type" text,
	"calendar_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "technician_profiles_org_id_user_id_pk" PRIMARY KEY("org_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "technician_skills" (
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"product_line" text NOT NULL,
	"level" integer NOT NULL,
	CONSTRAINT "technician_skills_org_id_user_id_product_line_pk" PRIMARY KEY("org_id","user_id","product_line"),
	CONSTRAINT "technician_skills_level_check" CHECK ("technician_skills"."level" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"crew_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"planned_start" timestamp with time zone NOT NULL,
	"planned_end" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visits_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "visits_span_check" CHECK ("visits"."planned_end" > "visits"."planned_start")
);
--> statement-breakpoint
CREATE TABLE "field_steps" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"transport" text,
	"wait_reason" text,
	"latitude" double precision,
	"longitude" double precision,
	"accuracy_m" double precision,
	"note" text,
	CONSTRAINT "field_steps_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "signoffs" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"party" text NOT NULL,
	"signer_name" text NOT NULL,
	"method" text NOT NULL,
	"attachment_id" uuid,
	"note" text,
	"collected_by" uuid NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "signoffs_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "time_entries" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"transport" text,
	"wait_reason" text,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"minutes" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"edited" boolean DEFAULT false NOT NULL,
	"corrects_id" uuid,
	"note" text,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_entries_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "work_reports" (
	"org_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"fault_found" text NOT NULL,
	"work_done" text NOT NULL,
	"parts_used" text,
	"instructed" text[] DEFAULT '{}'::text[] NOT NULL,
	"delivery_checklist" text[],
	"signer_name" text NOT NULL,
	"signature_attachment_id" uuid,
	"photo_attachment_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"received_by" uuid,
	"received_at" timestamp with time zone,
	CONSTRAINT "work_reports_org_id_ticket_id_pk" PRIMARY KEY("org_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "workshop_check_ins" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"mileage_km" integer,
	"fuel_level" text,
	"checklist" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"damage_points" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"valuables_reminded" boolean DEFAULT false NOT NULL,
	"licence_checked" boolean DEFAULT false NOT NULL,
	"phone_checked" boolean DEFAULT false NOT NULL,
	"requests" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"remarks" text,
	"signature_attachment_id" uuid,
	"signer_name" text,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	"correction_reason" text,
	"created_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_check_ins_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "workshop_jobs" (
	"org_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"plan" text[] NOT NULL,
	"current_stage" text,
	"round" integer DEFAULT 1 NOT NULL,
	"qc_passed_at" timestamp with time zone,
	"qc_passed_by" uuid,
	"delivery_explained_at" timestamp with time zone,
	"delivery_explained_by" uuid,
	"delivery_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workshop_jobs_org_id_ticket_id_pk" PRIMARY KEY("org_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "workshop_pre_inspection_items" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"finding" text NOT NULL,
	"recommended_work" text NOT NULL,
	"estimated_cost_fen" bigint,
	"customer_approved" boolean,
	"decided_at" timestamp with time zone,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"explained_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "workshop_pre_inspection_items_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "workshop_stage_runs" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"round" integer NOT NULL,
	"status" text NOT NULL,
	"team_lead_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"started_by" uuid NOT NULL,
	"finished_at" timestamp with time zone,
	"finished_by" uuid,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	"result" text,
	"reason" text,
	"back_to" text,
	"note" text,
	CONSTRAINT "workshop_stage_runs_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "appointment_slots" ADD CONSTRAINT "appointment_slots_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_templates" ADD CONSTRAINT "appointment_templates_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_org_id_slot_id_appointment_slots_org_id_id_fk" FOREIGN KEY ("org_id","slot_id") REFERENCES "public"."appointment_slots"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_org_id_customer_id_customers_org_id_id_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_org_id_asset_id_assets_org_id_id_fk" FOREIGN KEY ("org_id","asset_id") REFERENCES "public"."assets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_org_id_technician_id_users_org_id_id_fk" FOREIGN KEY ("org_id","technician_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_org_id_created_by_users_org_id_id_fk" FOREIGN KEY ("org_id","created_by") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_links" ADD CONSTRAINT "booking_links_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD CONSTRAINT "contact_attempts_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD CONSTRAINT "contact_attempts_org_id_actor_id_users_org_id_id_fk" FOREIGN KEY ("org_id","actor_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_org_id_customer_id_customers_org_id_id_fk" FOREIGN KEY ("org_id","customer_id") REFERENCES "public"."customers"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_org_id_address_id_customer_addresses_org_id_id_fk" FOREIGN KEY ("org_id","address_id") REFERENCES "public"."customer_addresses"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_org_id_done_by_users_org_id_id_fk" FOREIGN KEY ("org_id","done_by") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_certificates" ADD CONSTRAINT "technician_certificates_org_id_user_id_users_org_id_id_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_exams" ADD CONSTRAINT "technician_exams_org_id_user_id_users_org_id_id_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_leaves" ADD CONSTRAINT "technician_leaves_org_id_user_id_users_org_id_id_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_profiles" ADD CONSTRAINT "technician_profiles_org_id_user_id_users_org_id_id_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_profiles" ADD CONSTRAINT "technician_profiles_org_id_calendar_id_calendars_org_id_id_fk" FOREIGN KEY ("org_id","calendar_id") REFERENCES "public"."calendars"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technician_skills" ADD CONSTRAINT "technician_skills_org_id_user_id_users_org_id_id_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_org_id_lead_id_users_org_id_id_fk" FOREIGN KEY ("org_id","lead_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "field_steps" ADD CONSTRAINT "field_steps_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signoffs" ADD CONSTRAINT "signoffs_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_reports" ADD CONSTRAINT "work_reports_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_check_ins" ADD CONSTRAINT "workshop_check_ins_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_jobs" ADD CONSTRAINT "workshop_jobs_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_pre_inspection_items" ADD CONSTRAINT "workshop_pre_inspection_items_org_id_ticket_id_tickets_org_id_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."tickets"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_stage_runs" ADD CONSTRAINT "workshop_stage_runs_org_id_ticket_id_workshop_jobs_org_id_ticket_id_fk" FOREIGN KEY ("org_id","ticket_id") REFERENCES "public"."workshop_jobs"("org_id","ticket_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appointment_slots_key" ON "appointment_slots" USING btree ("org_id","slot_on","start_time","service_type","team");--> statement-breakpoint
CREATE INDEX "appointment_slots_org_starts_idx" ON "appointment_slots" USING btree ("org_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_org_slot_idx" ON "appointments" USING btree ("org_id","slot_id");--> statement-breakpoint
CREATE INDEX "appointments_org_customer_idx" ON "appointments" USING btree ("org_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_org_ticket_key" ON "appointments" USING btree ("org_id","ticket_id") WHERE ticket_id is not null;--> statement-breakpoint
CREATE INDEX "booking_requests_org_ip_at_idx" ON "booking_requests" USING btree ("org_id","ip","kind","at");--> statement-breakpoint
CREATE INDEX "contact_attempts_org_ticket_idx" ON "contact_attempts" USING btree ("org_id","ticket_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_tasks_open_key" ON "follow_up_tasks" USING btree ("org_id","ticket_id","kind") WHERE done_at is null;--> statement-breakpoint
CREATE INDEX "follow_up_tasks_org_open_idx" ON "follow_up_tasks" USING btree ("org_id","due_at") WHERE done_at is null;--> statement-breakpoint
CREATE INDEX "technician_certificates_org_user_idx" ON "technician_certificates" USING btree ("org_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "technician_exams_attempt_key" ON "technician_exams" USING btree ("org_id","user_id","product_line","attempt");--> statement-breakpoint
CREATE INDEX "technician_exams_org_taken_idx" ON "technician_exams" USING btree ("org_id","taken_on");--> statement-breakpoint
CREATE INDEX "technician_leaves_org_user_idx" ON "technician_leaves" USING btree ("org_id","user_id","starts_at");--> statement-breakpoint
CREATE INDEX "technician_leaves_org_ends_idx" ON "technician_leaves" USING btree ("org_id","ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "visits_one_planned_per_ticket_key" ON "visits" USING btree ("org_id","ticket_id") WHERE status = 'planned';--> statement-breakpoint
CREATE INDEX "visits_org_start_idx" ON "visits" USING btree ("org_id","planned_start") WHERE status = 'planned';--> statement-breakpoint
CREATE INDEX "field_steps_ticket_idx" ON "field_steps" USING btree ("org_id","ticket_id","user_id","at");--> statement-breakpoint
CREATE INDEX "field_steps_user_idx" ON "field_steps" USING btree ("org_id","user_id","at");--> statement-breakpoint
CREATE INDEX "signoffs_ticket_idx" ON "signoffs" USING btree ("org_id","ticket_id","party");--> statement-breakpoint
CREATE INDEX "time_entries_ticket_idx" ON "time_entries" USING btree ("org_id","ticket_id","user_id");--> statement-breakpoint
CREATE INDEX "time_entries_user_started_idx" ON "time_entries" USING btree ("org_id","user_id","started_at");--> statement-breakpoint
CREATE INDEX "time_entries_status_idx" ON "time_entries" USING btree ("org_id","status","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "workshop_check_ins_revision_key" ON "workshop_check_ins" USING btree ("org_id","ticket_id","revision");--> statement-breakpoint
CREATE INDEX "workshop_pre_inspection_items_ticket_idx" ON "workshop_pre_inspection_items" USING btree ("org_id","ticket_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "workshop_stage_runs_stage_round_key" ON "workshop_stage_runs" USING btree ("org_id","ticket_id","stage","round");