with

procedures as (

    select * from {{ ref('stg_fnsp__procedures') }}

),

offering_counts as (

    select * from {{ ref('int_procedures__offering_counts') }}

),

final as (

    select
        procedures.procedure_id,
        procedures.procedure_title,
        procedures.procedure_type,
        procedures.htk_code,
        procedures.specialty,
        procedures.snomed_code_count,
        procedures.adopting_foretak_count,
        coalesce(offering_counts.offering_foretak_count, 0) as offering_foretak_count,
        coalesce(offering_counts.local_page_count, 0) as local_page_count,
        procedures.last_changed

    from procedures
    left join offering_counts
        on procedures.procedure_id = offering_counts.procedure_id

)

select * from final
