-- Every SNOMED CT concept used by a procedure or a clinical study, with its most used term.
with

procedure_codes as (

    select * from {{ ref('stg_fnsp__procedure_snomed_codes') }}

),

study_codes as (

    select * from {{ ref('stg_fnsp__study_snomed_codes') }}

),

codes as (

    select snomed_code, snomed_term, snomed_type, procedure_id, null as study_id
    from procedure_codes
    union all
    select snomed_code, snomed_term, snomed_type, null, study_id
    from study_codes

),

final as (

    select
        snomed_code,
        mode(snomed_term) as snomed_term,
        mode(snomed_type) as snomed_type,
        count(distinct procedure_id) as procedure_count,
        count(distinct study_id) as study_count

    from codes
    where snomed_code is not null
    group by snomed_code

)

select * from final
