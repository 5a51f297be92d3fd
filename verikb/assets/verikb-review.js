// verikb-review.js — (issue 16: being written)
