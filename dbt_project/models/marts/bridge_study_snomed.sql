with

codes as (

    select * from {{ ref('stg_fnsp__study_snomed_codes') }}

),

final as (

    select
        study_id,
        snomed_code,
        min(snomed_type) as snomed_type,
        min(code_position) as code_position

    from codes
    where snomed_code is not null
    group by study_id, snomed_code

)

select * from final
