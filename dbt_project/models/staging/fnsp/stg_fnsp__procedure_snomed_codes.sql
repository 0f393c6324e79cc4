-- One row per SNOMED CT code on a procedure.
{{ unnest_snomed_codes(source('fnsp', 'procedures'), 'procedure_id') }}
