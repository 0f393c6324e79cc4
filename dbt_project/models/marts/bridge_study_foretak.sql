with

study_foretak as (

    select * from {{ ref('stg_fnsp__study_foretak') }}

),

final as (

    select
        study_id || '/' || orgnr as study_foretak_id,
        study_id,
        orgnr,
        foretak_name,
        study_role

    from study_foretak
    where orgnr is not null
    qualify row_number() over (
        partition by study_id, orgnr
        order by case study_role when 'ansvarlig' then 0 else 1 end, foretak_position
    ) = 1

)

select * from final
