-- One row per SNOMED CT code on a clinical study.
{{ unnest_snomed_codes(source('fnsp', 'clinical_studies'), 'study_id') }}
