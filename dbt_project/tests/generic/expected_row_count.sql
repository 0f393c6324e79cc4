{#- The model has exactly `expected` rows (for fixed reference sets, e.g. the four regions). -#}
{% test expected_row_count(model, expected) %}

select count(*) as row_count
from {{ model }}
having count(*) <> {{ expected }}

{% endtest %}
