-- Procedures and the clinical studies that share at least one SNOMED CT code with them, one
-- row per procedure, study and foretak taking part in the study: "which recruiting studies
-- concern the examination I am about to have, near me?"
with

procedure_codes as (

    select * from {{ ref('bridge_procedure_snomed') }}

),

study_codes as (

    select * from {{ ref('bridge_study_snomed') }}

),

procedures as (

    select * from {{ ref('dim_procedure') }}

),

studies as (

    select * from {{ ref('dim_clinical_study') }}

),

study_foretak as (

    select * from {{ ref('bridge_study_foretak') }}

),

foretak as (

    select * from {{ ref('dim_foretak') }}

),

offerings as (

    select * from {{ ref('fct_procedure_offering') }}

),

shared_codes as (

    select
        procedure_codes.procedure_id,
        study_codes.study_id,
        list_sort(list(procedure_codes.snomed_code)) as shared_snomed_codes

    from procedure_codes
    inner join study_codes on procedure_codes.snomed_code = study_codes.snomed_code
    group by procedure_codes.procedure_id, study_codes.study_id

),

final as (

    select
        shared_codes.procedure_id || '|' || shared_codes.study_id || '|'
            || coalesce(study_foretak.orgnr, '') as procedure_study_foretak_id,
        shared_codes.procedure_id,
        procedures.procedure_title,
        shared_codes.study_id,
        studies.study_title,
        studies.study_status,
        studies.is_recruiting,
        shared_codes.shared_snomed_codes,
        study_foretak.orgnr,
        coalesce(foretak.foretak_name, study_foretak.foretak_name) as foretak_name,
        foretak.region_id,
        study_foretak.study_role,
        coalesce(offerings.is_offered, false) as is_procedure_offered_by_foretak

    from shared_codes
    inner join procedures on shared_codes.procedure_id = procedures.procedure_id
    inner join studies on shared_codes.study_id = studies.study_id
    left join study_foretak on shared_codes.study_id = study_foretak.study_id
    left join foretak on study_foretak.orgnr = foretak.orgnr
    left join offerings
        on shared_codes.procedure_id = offerings.procedure_id
        and study_foretak.orgnr = offerings.orgnr

)

select * from final
