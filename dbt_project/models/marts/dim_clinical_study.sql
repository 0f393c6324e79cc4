with

studies as (

    select * from {{ ref('stg_fnsp__clinical_studies') }}

),

study_foretak as (

    select * from {{ ref('stg_fnsp__study_foretak') }}

),

responsible as (

    select
        study_id,
        min(orgnr) as responsible_orgnr

    from study_foretak
    where study_role = 'ansvarlig'
    group by study_id

),

final as (

    select
        studies.study_id,
        studies.study_title,
        studies.study_category,
        studies.study_status,
        studies.study_status = 'rekrutterer' as is_recruiting,
        studies.summary_html,
        studies.summary_text,
        studies.cristin_id,
        studies.study_url,
        studies.snomed_code_count,
        studies.foretak_count,
        responsible.responsible_orgnr,
        studies.last_changed

    from studies
    left join responsible on studies.study_id = responsible.study_id

)

select * from final
