// verikb-dashboard.js — (issue 16: being written)
