with

procedures as (

    select * from {{ ref('stg_fnsp__procedures') }}

),

offerings as (

    select * from {{ ref('fct_procedure_offering') }}

),

offering_summary as (

    select
        procedure_id,
        count(*) filter (where is_offered) as offering_foretak_count,
        count(*) filter (where has_local_page) as local_page_count

    from offerings
    group by procedure_id

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
        coalesce(offering_summary.offering_foretak_count, 0) as offering_foretak_count,
        coalesce(offering_summary.local_page_count, 0) as local_page_count,
        procedures.last_changed

    from procedures
    left join offering_summary
        on procedures.procedure_id = offering_summary.procedure_id

)

select * from final
