with

codes as (

    select * from {{ ref('stg_fnsp__procedure_snomed_codes') }}

),

final as (

    select
        procedure_id,
        snomed_code,
        min(snomed_type) as snomed_type,
        min(code_position) as code_position

    from codes
    where snomed_code is not null
    group by procedure_id, snomed_code

)

select * from final
